package io.extauth.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.extauth.simulator.callback.CallbackReceiver;
import io.extauth.simulator.callback.CallbackSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "simulator.callback-secret=" + VendorSimulatorIntegrationTest.SECRET)
@ExtendWith(OutputCaptureExtension.class)
class VendorSimulatorIntegrationTest {

    static final String SECRET = "a-test-callback-secret-of-at-least-32-bytes";

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private ObjectMapper json;

    @LocalServerPort
    private int port;

    private CallbackReceiver receiver;

    @BeforeEach
    void startFromAnEmptySimulatorAndAFreshReceiver() throws Exception {
        http.postForEntity("/simulator/reset", null, Void.class);
        receiver = new CallbackReceiver();
    }

    @AfterEach
    void stopTheReceiver() {
        receiver.close();
    }

    @Test
    void aPageOfAnotherSiteCannotResetTheSimulatorNorReadOrAnswerCallsThroughARebindName() throws Exception {
        // fetch('http://127.0.0.1:8089/simulator/reset', {method: 'POST', mode: 'no-cors'}) from any page
        org.springframework.http.HttpHeaders crossSite = new org.springframework.http.HttpHeaders();
        crossSite.set("Sec-Fetch-Site", "cross-site");
        assertThat(http.exchange("/simulator/reset", HttpMethod.POST, new HttpEntity<>(crossSite), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        org.springframework.http.HttpHeaders otherOrigin = new org.springframework.http.HttpHeaders();
        otherOrigin.set("Origin", "http://attacker.example");
        assertThat(http.exchange("/simulator/reset", HttpMethod.POST, new HttpEntity<>(otherOrigin), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // DNS rebinding: attacker.example now resolves to 127.0.0.1, the browser names it
        assertThat(raw("GET /telephony/calls HTTP/1.1", "Host: attacker.example:" + port)).startsWith("HTTP/1.1 403");
        assertThat(raw("POST /telephony/calls/c-1/answer HTTP/1.1", "Host: attacker.example:" + port,
                "Content-Type: application/json", "Content-Length: 2", "", "{}")).startsWith("HTTP/1.1 403");

        // the services, the bench, the chaos tool and the tests: a loopback name and no browser header
        assertThat(raw("GET /telephony/calls HTTP/1.1", "Host: 127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
        assertThat(raw("GET /telephony/calls HTTP/1.1", "Host: [::1]:" + port)).startsWith("HTTP/1.1 200");
        assertThat(http.postForEntity("/simulator/reset", null, String.class).getStatusCode().is2xxSuccessful()).isTrue();
        org.springframework.http.HttpHeaders ownOrigin = new org.springframework.http.HttpHeaders();
        ownOrigin.set("Origin", "http://localhost:" + port);
        assertThat(http.exchange("/simulator/reset", HttpMethod.POST, new HttpEntity<>(ownOrigin), String.class)
                .getStatusCode().is2xxSuccessful()).isTrue();
    }

    /** The status line of a request written as it is, the Host header included (an HTTP client sets its own). */
    private String raw(String requestLine, String... headersAndBody) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            String request = requestLine + "\r\n" + String.join("\r\n", headersAndBody)
                    + (headersAndBody.length > 0 && headersAndBody[headersAndBody.length - 1].startsWith("{") ? ""
                    : "\r\nConnection: close\r\n\r\n");
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void registeringAPhoneFactorUserTwiceWithOneIdempotencyKeyCreatesItOnce() {
        Map<String, String> user = Map.of("idempotencyKey", "k-1", "accountId", "acc-1", "userId", "u-1",
                "email", "jane@example.com");

        ResponseEntity<JsonNode> first = post("/phonefactor/users", user);
        ResponseEntity<JsonNode> replay = post("/phonefactor/users", user);
        ResponseEntity<JsonNode> other = post("/phonefactor/users", Map.of("idempotencyKey", "k-2",
                "accountId", "acc-1", "userId", "u-2", "email", "joe@example.com"));

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.OK);
        String vendorRef = first.getBody().get("vendorRef").asText();
        assertThat(replay.getBody().get("vendorRef").asText()).isEqualTo(vendorRef);
        assertThat(other.getBody().get("vendorRef").asText()).isNotEqualTo(vendorRef);

        assertThat(delete("/phonefactor/users/" + vendorRef).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(delete("/phonefactor/users/" + vendorRef).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(get("/phonefactor/users/" + vendorRef).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aVipCredentialIsBoundIdempotentlyToOneUserAndMalformedIdsAreUnknown() {
        ResponseEntity<JsonNode> malformed = post("/vip/credentials", credential("k-0", "VSST123", "u-1"));
        ResponseEntity<JsonNode> bound = post("/vip/credentials", credential("k-1", "VSST12345678", "u-1"));
        ResponseEntity<JsonNode> replay = post("/vip/credentials", credential("k-1", "VSST12345678", "u-1"));
        ResponseEntity<JsonNode> elsewhere = post("/vip/credentials", credential("k-2", "VSST12345678", "u-2"));

        assertProblem(malformed, HttpStatus.UNPROCESSABLE_CONTENT, "CREDENTIAL_UNKNOWN");
        assertThat(bound.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(replay.getBody().get("vendorRef")).isEqualTo(bound.getBody().get("vendorRef"));
        assertProblem(elsewhere, HttpStatus.CONFLICT, "CREDENTIAL_BOUND_ELSEWHERE");

        assertThat(delete("/vip/credentials/VSST12345678").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(post("/vip/credentials", credential("k-3", "VSST12345678", "u-2")).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void aVipRemovalThatNamesAnotherUserIsRefusedAndTheCredentialStaysBoundToItsUser() {
        post("/vip/credentials", credential("k-1", "VSST12345678", "u-1"));

        ResponseEntity<JsonNode> refused = delete("/vip/credentials/VSST12345678?accountId=acc-1&userId=u-2");

        assertProblem(refused, HttpStatus.CONFLICT, "CREDENTIAL_BOUND_ELSEWHERE");
        assertThat(get("/vip/credentials/VSST12345678").getBody().get("credential").get("userId").asText())
                .isEqualTo("u-1");
    }

    @Test
    void aVipRemovalThatNamesItsUserUnbindsTheCredentialAndIsIdempotent() {
        post("/vip/credentials", credential("k-1", "VSST12345678", "u-1"));

        assertThat(delete("/vip/credentials/VSST12345678?accountId=acc-1&userId=u-1").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(delete("/vip/credentials/VSST12345678?accountId=acc-1&userId=u-1").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(get("/vip/credentials/VSST12345678").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aVipRemovalThatNamesHalfAUserIsInvalidAndChangesNothing() {
        post("/vip/credentials", credential("k-1", "VSST12345678", "u-1"));

        ResponseEntity<JsonNode> invalid = delete("/vip/credentials/VSST12345678?userId=u-1");

        assertProblem(invalid, HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
        assertThat(invalid.getBody().get("errors").get(0).get("field").asText()).isEqualTo("accountId");
        assertThat(get("/vip/credentials/VSST12345678").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void answeringARingingCallWithHashDeliversASignedCallbackToTheCallbackUrl(CapturedOutput output)
            throws Exception {
        String callId = post("/telephony/calls", Map.of("to", "+15551234567;ext=123", "purpose", "login",
                "reference", "challenge-42", "callbackUrl", receiver.url())).getBody().get("callId").asText();

        JsonNode ringing = get(URI.create(base() + "/telephony/calls?to=%2B15551234567&status=RINGING")).getBody();
        assertThat(ringing).hasSize(1);
        assertThat(ringing.get(0).get("callId").asText()).isEqualTo(callId);
        assertThat(ringing.get(0).get("reference").asText()).isEqualTo("challenge-42");

        ResponseEntity<JsonNode> answered = post("/telephony/calls/" + callId + "/answer", Map.of("keys", "#"));

        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answered.getBody().get("status").asText()).isEqualTo("ANSWERED");
        assertThat(answered.getBody().has("keys")).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        CallbackReceiver.Received callback = receiver.received().get(0);
        assertThat(json.readTree(callback.body())).isEqualTo(json.readTree("""
                {"kind": "CALL", "id": "%s", "reference": "challenge-42", "status": "ANSWERED",
                 "keys": "#", "text": null, "pin": null, "reportFraud": false}""".formatted(callId)));
        assertThat(callback.signature()).matches("t=[0-9]+,v1=[0-9a-f]{64}");
        assertThat(CallbackSignature.verify(SECRET, "/callbacks", callback.body(), callback.signature())).isTrue();
        assertThat(CallbackSignature.verify("a-wrong-secret", "/callbacks", callback.body(), callback.signature()))
                .isFalse();
        assertThat(CallbackSignature.signedAt(callback.signature())).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));

        assertProblem(post("/telephony/calls/" + callId + "/answer", Map.of("keys", "#")), HttpStatus.CONFLICT,
                "CALL_NOT_RINGING");
        assertThat(output.getAll()).contains(callId).doesNotContain("\"keys\"").doesNotContain("keys=#");
    }

    @Test
    void keysArePassedOnButNeverLogged(CapturedOutput output) {
        String callId = placeCall();

        post("/telephony/calls/" + callId + "/answer", Map.of("keys", "918273#"));

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        assertThat(new String(receiver.received().get(0).body())).contains("918273#");
        assertThat(output.getAll()).doesNotContain("918273");
    }

    @Test
    void whenTheReceiverRefusesTheCallbackTheAnswerIs502TheCallKeepsRingingAndNothingIsRetried() {
        String callId = placeCall();
        receiver.answerWith(401);

        assertProblem(post("/telephony/calls/" + callId + "/answer", Map.of("keys", "1234#")),
                HttpStatus.BAD_GATEWAY, "CALLBACK_FAILED");
        assertThat(get("/telephony/calls/" + callId).getBody().get("status").asText()).isEqualTo("RINGING");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> receiver.attempts().size() == 1);

        receiver.answerWith(204);
        assertThat(post("/telephony/calls/" + callId + "/answer", Map.of("keys", "1234#")).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
    }

    @Test
    void aCallbackTheReceiverCouldNotTakeIsDeliveredAgainEachTimeSignedAfreshUntilTaken() throws Exception {
        String callId = placeCall();
        receiver.answerWith(503, 500, 204);

        ResponseEntity<JsonNode> answered = post("/telephony/calls/" + callId + "/answer", Map.of("keys", "#"));

        assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answered.getBody().get("status").asText()).isEqualTo("ANSWERED");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        assertThat(receiver.attempts()).hasSize(3)
                .allSatisfy(attempt -> assertThat(CallbackSignature.verify(SECRET, "/callbacks", attempt.body(),
                        attempt.signature())).isTrue())
                .extracting(attempt -> CallbackSignature.signedAt(attempt.signature())).doesNotHaveDuplicates();
        assertThat(json.readTree(receiver.received().get(0).body()).get("keys").asText()).isEqualTo("#");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> receiver.attempts().size() == 3);
    }

    @Test
    void aCallbackToAnAddressNobodyListensOnYetIsDeliveredOnceSomeoneDoes() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String callId = post("/telephony/calls", Map.of("to", "+15551234567", "purpose", "login",
                "reference", "challenge-later", "callbackUrl", "http://localhost:" + port + "/callbacks"))
                .getBody().get("callId").asText();

        assertThat(post("/telephony/calls/" + callId + "/answer", Map.of("keys", "#")).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        try (CallbackReceiver late = new CallbackReceiver(port)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> late.received().size() == 1);
            assertThat(json.readTree(late.received().get(0).body()).get("reference").asText())
                    .isEqualTo("challenge-later");
        }
    }

    @Test
    void aCallbackIsNotDeliveredAgainAfterTheCallsEnd() {
        String callId = post("/telephony/calls", Map.of("to", "+15551234567", "purpose", "login",
                "reference", "challenge-short", "callbackUrl", receiver.url(),
                "expiresAt", Instant.now().plusMillis(2500).toString())).getBody().get("callId").asText();
        receiver.answerWith(503);

        assertThat(post("/telephony/calls/" + callId + "/answer", Map.of("keys", "#")).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.attempts().size() == 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> receiver.attempts().size() == 2);
    }

    @Test
    void aContactIsLookedUpByItsReferenceUnknownReferencesAre404AndAnOutageMakesTheLookupFail() {
        String callId = placeCall();
        post("/telephony/calls/" + callId + "/no-answer", null);

        ResponseEntity<JsonNode> found = http.getForEntity("/telephony/contacts/challenge-1", JsonNode.class);
        assertThat(found.getBody().path("kind").asText()).isEqualTo("CALL");
        assertThat(found.getBody().path("id").asText()).isEqualTo(callId);
        assertThat(found.getBody().path("status").asText()).isEqualTo("UNANSWERED");
        ResponseEntity<JsonNode> unknown = http.getForEntity("/telephony/contacts/nobody", JsonNode.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getBody().path("code").asText()).isEqualTo("CONTACT_UNKNOWN");
        http.put("/simulator/faults", Map.of("errorRate", 0.0, "latencyMs", 0, "outage", true));
        try {
            assertThat(http.getForEntity("/telephony/contacts/challenge-1", JsonNode.class).getStatusCode().value())
                    .isEqualTo(503);
            assertThat(http.getForEntity("/telephony/calls/" + callId, JsonNode.class).getStatusCode().value())
                    .as("the listings the tests use are not faulted").isEqualTo(200);
        } finally {
            http.put("/simulator/faults", Map.of("errorRate", 0.0, "latencyMs", 0, "outage", false));
        }
    }

    @Test
    void anUnansweredCallIsReportedWithoutKeys() throws Exception {
        String callId = placeCall();

        post("/telephony/calls/" + callId + "/no-answer", null);

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        JsonNode callback = json.readTree(receiver.received().get(0).body());
        assertThat(callback.get("status").asText()).isEqualTo("UNANSWERED");
        assertThat(callback.get("keys").isNull()).isTrue();
    }

    @Test
    void anSmsReplyIsCalledBackWithItsText() throws Exception {
        String smsId = post("/telephony/sms", Map.of("to", "+15551234567", "text", "Reply YES to sign in",
                "reference", "challenge-7", "callbackUrl", receiver.url())).getBody().get("smsId").asText();
        assertThat(get(URI.create(base() + "/telephony/sms?to=%2B15551234567")).getBody().get(0).get("text").asText())
                .isEqualTo("Reply YES to sign in");

        post("/telephony/sms/" + smsId + "/reply", Map.of("text", "YES"));

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        JsonNode callback = json.readTree(receiver.received().get(0).body());
        assertThat(callback.get("kind").asText()).isEqualTo("SMS");
        assertThat(callback.get("status").asText()).isEqualTo("REPLIED");
        assertThat(callback.get("text").asText()).isEqualTo("YES");
        assertThat(get("/telephony/sms/" + smsId).getBody().get("status").asText()).isEqualTo("REPLIED");
    }

    @Test
    void aPushAskingForAPinIsApprovedOnlyWithOneAndADenialCanReportFraud() throws Exception {
        String withPin = sendPush(true);
        String plain = sendPush(false);
        assertThat(get("/telephony/pushes?userId=u-1").getBody()).hasSize(2);

        assertProblem(post("/telephony/pushes/" + withPin + "/approve", Map.of()), HttpStatus.UNPROCESSABLE_CONTENT,
                "PIN_REQUIRED");
        post("/telephony/pushes/" + withPin + "/approve", Map.of("pin", "4321"));
        post("/telephony/pushes/" + plain + "/deny", Map.of("reportFraud", true));

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 2);
        JsonNode approved = json.readTree(receiver.received().get(0).body());
        JsonNode denied = json.readTree(receiver.received().get(1).body());
        assertThat(approved.get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.get("pin").asText()).isEqualTo("4321");
        assertThat(denied.get("status").asText()).isEqualTo("DENIED");
        assertThat(denied.get("reportFraud").asBoolean()).isTrue();
    }

    @Test
    void aCallSmsOrPushWhoseChallengeIsOverNoLongerRingsAndCannotBeAnswered() {
        Contacts contacts = callTextAndPush("challenge-over", Instant.now().minusSeconds(1));
        String callId = contacts.callId();
        String smsId = contacts.smsId();
        String pushId = contacts.pushId();

        assertThat(get(URI.create(base() + "/telephony/calls?to=%2B15551234567&status=RINGING")).getBody()).isEmpty();
        assertThat(get("/telephony/calls/" + callId).getBody().get("status").asText()).isEqualTo("EXPIRED");
        assertThat(get("/telephony/sms/" + smsId).getBody().get("status").asText()).isEqualTo("EXPIRED");
        assertThat(get("/telephony/pushes/" + pushId).getBody().get("status").asText()).isEqualTo("EXPIRED");
        assertTheUserIsRefused(contacts);
    }

    @Test
    void theCallerCancelsTheCallSmsAndPushOfAReferenceWhichThenShowCancelledAndRefuseTheUser() {
        Instant later = Instant.now().plusSeconds(60);
        Contacts contacts = callTextAndPush("challenge-decided", later);
        String callId = contacts.callId();
        String smsId = contacts.smsId();
        String pushId = contacts.pushId();
        String otherCallId = callTextAndPush("challenge-open", later).callId();

        ResponseEntity<JsonNode> cancelled = post("/telephony/cancellations", Map.of("reference", "challenge-decided"));

        assertThat(cancelled.getStatusCode().value()).isEqualTo(200);
        assertThat(cancelled.getBody().get("cancelled").asInt()).isEqualTo(3);
        assertThat(get("/telephony/calls/" + callId).getBody().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(get("/telephony/sms/" + smsId).getBody().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(get("/telephony/pushes/" + pushId).getBody().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(get("/telephony/calls/" + otherCallId).getBody().get("status").asText()).isEqualTo("RINGING");
        assertTheUserIsRefused(contacts);
        assertThat(post("/telephony/cancellations", Map.of("reference", "challenge-decided")).getBody()
                .get("cancelled").asInt()).isZero();
    }

    @Test
    void aCallWhoseChallengeIsStillOpenRingsAndTheListPicksItByReference() {
        String later = Instant.now().plusSeconds(60).toString();
        post("/telephony/calls", Map.of("to", "+15551234567", "purpose", "CHALLENGE", "reference", "challenge-a",
                "callbackUrl", receiver.url(), "expiresAt", later));
        String callId = post("/telephony/calls", Map.of("to", "+15551234567", "purpose", "CHALLENGE",
                "reference", "challenge-b", "callbackUrl", receiver.url(), "expiresAt", later))
                .getBody().get("callId").asText();
        post("/telephony/calls", Map.of("to", "+15551234567", "purpose", "CHALLENGE", "reference", "challenge-c",
                "callbackUrl", receiver.url(), "expiresAt", later));

        JsonNode picked = get("/telephony/calls?reference=challenge-b").getBody();

        assertThat(picked).hasSize(1);
        assertThat(picked.get(0).get("callId").asText()).isEqualTo(callId);
        assertThat(picked.get(0).get("status").asText()).isEqualTo("RINGING");
    }

    @Test
    void aSecondCallTextOrPushWithAReferenceAlreadyHeldIsTheSameContactAnsweredAsTheFirstAndNothingRingsTwice() {
        String later = Instant.now().plusSeconds(60).toString();
        Map<String, Object> call = Map.of("to", "+15551234567", "purpose", "CHALLENGE", "reference", "challenge-once",
                "callbackUrl", receiver.url(), "expiresAt", later);
        Map<String, Object> sms = Map.of("to", "+15551234567", "text", "Your code is 123456",
                "reference", "challenge-once", "callbackUrl", receiver.url(), "expiresAt", later);
        Map<String, Object> push = Map.of("userId", "u-1", "accountId", "acc-1", "message", "Sign in?",
                "withPin", false, "reference", "challenge-once", "callbackUrl", receiver.url(), "expiresAt", later);
        ResponseEntity<JsonNode> firstCall = post("/telephony/calls", call);
        String firstSms = post("/telephony/sms", sms).getBody().get("smsId").asText();
        String firstPush = post("/telephony/pushes", push).getBody().get("pushId").asText();

        ResponseEntity<JsonNode> secondCall = post("/telephony/calls", call);
        String secondSms = post("/telephony/sms", sms).getBody().get("smsId").asText();
        String secondPush = post("/telephony/pushes", push).getBody().get("pushId").asText();

        assertThat(secondCall.getStatusCode()).isEqualTo(firstCall.getStatusCode());
        assertThat(secondCall.getBody()).isEqualTo(firstCall.getBody());
        assertThat(secondSms).isEqualTo(firstSms);
        assertThat(secondPush).isEqualTo(firstPush);
        assertThat(get("/telephony/calls?reference=challenge-once").getBody()).as("rang once").hasSize(1);
        assertThat(get("/telephony/sms?reference=challenge-once").getBody()).as("texted once").hasSize(1);
        assertThat(get("/telephony/pushes?reference=challenge-once").getBody()).as("pushed once").hasSize(1);
    }

    @Test
    void theCodeATokenShowsIsValidOnceThenRefusedAsAlreadyUsed() {
        JsonNode shown = get("/vip/credentials/VSST12345678/code").getBody();
        String code = shown.get("code").asText();
        assertThat(code).matches("\\d{6}");
        assertThat(shown.get("validForSeconds").asInt()).isBetween(1, 30);

        JsonNode first = post("/vip/credentials/VSST12345678/validate", Map.of("code", code)).getBody();
        JsonNode second = post("/vip/credentials/VSST12345678/validate", Map.of("code", code)).getBody();
        JsonNode wrong = post("/vip/credentials/VSST12345678/validate", Map.of("code", "12345")).getBody();

        assertThat(first.get("valid").asBoolean()).isTrue();
        assertThat(second.get("valid").asBoolean()).isFalse();
        assertThat(second.get("reason").asText()).isEqualTo("CODE_ALREADY_USED");
        assertThat(wrong.get("reason").asText()).isEqualTo("WRONG_CODE");
        assertProblem(get("/vip/credentials/VSST1234/code"), HttpStatus.UNPROCESSABLE_CONTENT, "CREDENTIAL_UNKNOWN");
    }

    @Test
    void anOutageFailsOnlyTheProvisioningEndpointsUntilTheSimulatorIsReset() {
        http.exchange("/simulator/faults", HttpMethod.PUT,
                jsonEntity(Map.of("errorRate", 0, "latencyMs", 0, "outage", true)), JsonNode.class);

        assertProblem(post("/phonefactor/users", Map.of("idempotencyKey", "k-1", "accountId", "a", "userId", "u",
                "email", "u@example.com")), HttpStatus.SERVICE_UNAVAILABLE, "SIMULATED_OUTAGE");
        assertProblem(delete("/vip/credentials/VSST12345678"), HttpStatus.SERVICE_UNAVAILABLE, "SIMULATED_OUTAGE");
        assertThat(get("/vip/credentials/VSST12345678/code").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(placeCall()).isNotBlank();

        http.postForEntity("/simulator/reset", null, Void.class);

        assertThat(get("/simulator/faults").getBody().get("outage").asBoolean()).isFalse();
        assertThat(delete("/vip/credentials/VSST12345678").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void anInvalidRequestNamesTheFieldAndTheFix() {
        ResponseEntity<JsonNode> invalid = post("/telephony/calls", Map.of("to", "5551234567", "purpose", "login",
                "reference", "r", "callbackUrl", receiver.url()));

        assertProblem(invalid, HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
        assertThat(invalid.getBody().get("errors").get(0).get("field").asText()).isEqualTo("to");

        ResponseEntity<JsonNode> tooLong = post("/telephony/calls", Map.of("to", "+15551234567", "purpose", "login",
                "message", "x".repeat(501), "reference", "r-long", "callbackUrl", receiver.url()));
        assertProblem(tooLong, HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
        assertThat(tooLong.getBody().get("errors").get(0).get("field").asText()).isEqualTo("message");
    }

    @Test
    void theApiIsDocumentedAsOpenApi() {
        JsonNode docs = get("/v3/api-docs").getBody();

        assertThat(docs.get("paths").has("/telephony/calls/{callId}/answer")).isTrue();
        assertThat(docs.get("paths").has("/vip/credentials/{credentialId}/code")).isTrue();
    }

    private String placeCall() {
        return post("/telephony/calls", Map.of("to", "+15551234567", "purpose", "login", "reference", "challenge-1",
                "callbackUrl", receiver.url())).getBody().get("callId").asText();
    }

    private String sendPush(boolean withPin) {
        return post("/telephony/pushes", Map.of("userId", "u-1", "accountId", "acc-1", "message", "Sign in?",
                "withPin", withPin, "reference", "challenge-9-" + withPin, "callbackUrl", receiver.url()))
                .getBody().get("pushId").asText();
    }

    private static Map<String, String> credential(String idempotencyKey, String credentialId, String userId) {
        return Map.of("idempotencyKey", idempotencyKey, "credentialId", credentialId, "accountId", "acc-1",
                "userId", userId);
    }

    private record Contacts(String callId, String smsId, String pushId) {
    }

    /** A call, an SMS and a push of one reference, as challenge-service places them, ending at {@code expiresAt}. */
    private Contacts callTextAndPush(String reference, Instant expiresAt) {
        String end = expiresAt.toString();
        return new Contacts(post("/telephony/calls", Map.of("to", "+15551234567", "purpose", "CHALLENGE",
                "reference", reference, "callbackUrl", receiver.url(), "expiresAt", end)).getBody().get("callId").asText(),
                post("/telephony/sms", Map.of("to", "+15551234567", "text", "Your code is 123456", "reference",
                        reference, "callbackUrl", receiver.url(), "expiresAt", end)).getBody().get("smsId").asText(),
                post("/telephony/pushes", Map.of("userId", "u-1", "accountId", "acc-1", "message", "Sign in?",
                        "withPin", false, "reference", reference, "callbackUrl", receiver.url(), "expiresAt", end))
                        .getBody().get("pushId").asText());
    }

    /** Answering, replying or approving is refused with 409, and nothing is called back. */
    private void assertTheUserIsRefused(Contacts contacts) {
        assertProblem(post("/telephony/calls/" + contacts.callId() + "/answer", Map.of("keys", "#")),
                HttpStatus.CONFLICT, "CALL_NOT_RINGING");
        assertProblem(post("/telephony/sms/" + contacts.smsId() + "/reply", Map.of("text", "123456")),
                HttpStatus.CONFLICT, "SMS_ALREADY_REPLIED");
        assertProblem(post("/telephony/pushes/" + contacts.pushId() + "/approve", Map.of()), HttpStatus.CONFLICT,
                "PUSH_NOT_PENDING");
        assertThat(receiver.received()).isEmpty();
    }

    private static void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String code) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().get("status").asInt()).isEqualTo(status.value());
        assertThat(response.getBody().get("code").asText()).isEqualTo(code);
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private ResponseEntity<JsonNode> get(String path) {
        return http.getForEntity(path, JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(URI uri) {
        return http.getForEntity(uri, JsonNode.class);
    }

    private ResponseEntity<JsonNode> post(String path, Object body) {
        return http.postForEntity(path, jsonEntity(body), JsonNode.class);
    }

    private ResponseEntity<JsonNode> delete(String path) {
        return http.exchange(path, HttpMethod.DELETE, null, JsonNode.class);
    }

    private static HttpEntity<Object> jsonEntity(Object body) {
        return new HttpEntity<>(body);
    }
}
