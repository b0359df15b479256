package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.extauth.challenge.callback.CallbackSignatureRules;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issue 11, finding 2: a callback signed with the once-published secret passed a user's second factor, and a captured
 * callback could be sent again at any time or to another path. Each is refused now, and the challenge stays open.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallbackSignatureIntegrationTest extends IntegrationTestBase {

    private static final String PATH = "/callbacks/telephony";

    @Test
    void aCallbackForgedWithThePublishedDevSecretIsRefusedAndTheChallengeStaysPending() throws Exception {
        String challengeId = phoneChallenge();

        ResponseEntity<JsonNode> forged = deliver(answered(challengeId), "dev-callback-secret", Instant.now(), PATH);

        assertThat(forged.getStatusCode().value()).isEqualTo(401);
        assertThat(forged.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(challengeStatus(challengeId)).isEqualTo("PENDING");
    }

    @Test
    void refusedCallbacksInALoopWriteALineEveryFewSecondsNotOneEach(CapturedOutput output) throws Exception {
        byte[] body = answered(phoneChallenge());
        int before = refusalLines(output);

        for (int i = 0; i < 50; i++) {
            assertThat(deliver(body, i % 2 == 0 ? null : "t=1,v1=00", PATH).getStatusCode().value()).isEqualTo(401);
        }

        assertThat(refusalLines(output) - before).as("lines for 50 refusals within a moment").isLessThanOrEqualTo(1);
    }

    private static int refusalLines(CapturedOutput output) {
        return (int) output.getOut().lines().filter(line -> line.contains("telephony callback(s) refused")).count();
    }

    @Test
    void aGenuineCallbackIsTakenOnceAndItsReplayIsRefused() throws Exception {
        String challengeId = phoneChallenge();
        byte[] body = answered(challengeId);
        String signature = CallbackSignatureRules.sign(VendorSimulator.CALLBACK_SECRET, Instant.now(), PATH, body);

        ResponseEntity<JsonNode> first = deliver(body, signature, PATH);
        ResponseEntity<JsonNode> replay = deliver(body, signature, PATH);

        assertThat(first.getStatusCode().value()).isEqualTo(204);
        // declared on the handler (@ResponseStatus), which returns nothing: no body, no content type
        assertThat(first.getBody()).isNull();
        assertThat(first.getHeaders().getContentType()).isNull();
        assertThat(replay.getStatusCode().value()).isEqualTo(401);
        // a refusal thrown from that handler is still its problem, not the declared 204
        assertThat(replay.getHeaders().getContentType()).isNotNull();
        assertThat(replay.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(replay.getBody().path("type").asText()).endsWith("/replayed-callback");
        assertThat(challengeStatus(challengeId)).isEqualTo("SUCCEEDED");
    }

    @Test
    void aCallbackTheVendorDeliversAgainSignedAfreshAfterItWasTakenIsAnswered204AndDecidesNothingTwice() throws Exception {
        String challengeId = phoneChallenge();
        byte[] body = answered(challengeId);
        Instant now = Instant.now();

        ResponseEntity<JsonNode> first = deliver(body, VendorSimulator.CALLBACK_SECRET, now.minusSeconds(2), PATH);
        ResponseEntity<JsonNode> retried = deliver(body, VendorSimulator.CALLBACK_SECRET, now, PATH);

        assertThat(first.getStatusCode().value()).isEqualTo(204);
        assertThat(retried.getStatusCode().value()).isEqualTo(204);
        assertThat(challengeStatus(challengeId)).isEqualTo("SUCCEEDED");
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(assertThatEvents(topics().events())
                .of(ChallengeResult.class, r -> challengeId.equals(r.challengeId())))
                .hasSize(1);
    }

    @Test
    void aCallbackWhoseSignatureAnInstanceTookBeforeItDiedIsTakenWhenTheVendorDeliversItAgain() throws Exception {
        String challengeId = phoneChallenge();
        byte[] body = answered(challengeId);
        Instant firstAttempt = Instant.now().minusSeconds(3);
        String taken = CallbackSignatureRules.sign(VendorSimulator.CALLBACK_SECRET, firstAttempt, PATH, body);
        // what a killed instance leaves: the signature remembered, the challenge not decided
        jdbc.update("INSERT INTO callback_signature (signature, signed_at) VALUES (?, ?)",
                taken.substring(taken.indexOf("v1=") + 3), Timestamp.from(firstAttempt));

        ResponseEntity<JsonNode> sameAgain = deliver(body, taken, PATH);
        ResponseEntity<JsonNode> retried = deliver(body, VendorSimulator.CALLBACK_SECRET, Instant.now(), PATH);

        assertThat(sameAgain.getStatusCode().value()).isEqualTo(401);
        assertThat(retried.getStatusCode().value()).isEqualTo(204);
        assertThat(challengeStatus(challengeId)).isEqualTo("SUCCEEDED");
    }

    @Test
    void aCallbackSignedSixMinutesAgoOrSixMinutesAheadIsRefused() throws Exception {
        String challengeId = phoneChallenge();

        ResponseEntity<JsonNode> old = deliver(answered(challengeId), VendorSimulator.CALLBACK_SECRET,
                Instant.now().minus(Duration.ofMinutes(6)), PATH);
        ResponseEntity<JsonNode> ahead = deliver(answered(challengeId), VendorSimulator.CALLBACK_SECRET,
                Instant.now().plus(Duration.ofMinutes(6)), PATH);

        assertThat(old.getStatusCode().value()).isEqualTo(401);
        assertThat(old.getBody().path("detail").asText()).contains("too old");
        assertThat(ahead.getStatusCode().value()).isEqualTo(401);
        assertThat(challengeStatus(challengeId)).isEqualTo("PENDING");
    }

    @Test
    void aCallbackSignedForAnotherPathIsRefused() throws Exception {
        String challengeId = phoneChallenge();

        ResponseEntity<JsonNode> elsewhere = deliver(answered(challengeId), VendorSimulator.CALLBACK_SECRET, Instant.now(),
                "/callbacks/other");

        assertThat(elsewhere.getStatusCode().value()).isEqualTo(401);
        assertThat(challengeStatus(challengeId)).isEqualTo("PENDING");
    }

    @Test
    void aCallbackBodyOverEightKibIsA413BeforeItsSignatureIsLookedAt() {
        byte[] body = new byte[8 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');

        ResponseEntity<JsonNode> unsigned = deliver(body, null, PATH);

        assertThat(unsigned.getStatusCode().value()).isEqualTo(413);
        assertThat(unsigned.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(unsigned.getBody().path("maxBytes").asInt()).isEqualTo(8 * 1024);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String phoneChallenge() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        VendorSimulator.ringingCall(challengeId);
        return challengeId;
    }

    private static byte[] answered(String challengeId) throws Exception {
        return new ObjectMapper().writeValueAsBytes(Map.of("kind", "CALL", "id", "call-forged", "reference",
                challengeId, "status", "ANSWERED", "keys", "#", "reportFraud", false));
    }

    private String challengeStatus(String challengeId) {
        return get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText();
    }

    private ResponseEntity<JsonNode> deliver(byte[] body, String secret, Instant signedAt, String signedPath) {
        return deliver(body, CallbackSignatureRules.sign(secret, signedAt, signedPath, body), PATH);
    }

    private ResponseEntity<JsonNode> deliver(byte[] body, String signature, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            headers.set(CallbackSignatureRules.HEADER, signature);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }
}
