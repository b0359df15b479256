package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.RecordedEvents;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.challenge.callback.CallbackSignatureRules;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FraudReported;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

class PhoneFactorIntegrationTest extends IntegrationTestBase {

    @Test
    void phoneCallStandardLoginSucceedsForThePortalAndSeparatelyForTheVpn() {
        provisioned(AuthType.PHONEFACTOR, null);
        String number = newNationalNumber();
        verifyPrimaryPhone(number);
        ResponseEntity<JsonNode> settings = put(userPath("/phonefactor/settings"), TestJwt.portal(),
                Map.of("status", "ACTIVE", "method", "PHONE_CALL_STANDARD"));
        assertThat(settings.getStatusCode().value()).isEqualTo(200);
        assertThat(settings.getBody().path("state").asText()).isEqualTo("ACTIVE");
        Activated activated = topics().awaitEvent(Activated.class, userId);
        assertThat(activated.type()).isEqualTo(AuthType.PHONEFACTOR);
        assertThat(activated.method()).isEqualTo(PhoneFactorMethod.PHONE_CALL_STANDARD);
        assertThat(activated.activatedBy()).isEqualTo("portal");

        for (String channel : new String[] {"PORTAL", "VPN"}) {
            ResponseEntity<JsonNode> issued = challenge(channel);
            assertThat(issued.getStatusCode().value()).isEqualTo(201);
            assertThat(issued.getBody().path("status").asText()).isEqualTo("PENDING");
            assertThat(issued.getBody().path("message").asText())
                    .isEqualTo("PhoneFactor authentication is being attempted");
            String challengeId = issued.getBody().path("challengeId").asText();
            RecordedEvent announcedRecord = topics().awaitRecord(ChallengeIssued.class,
                    i -> challengeId.equals(i.challengeId()));
            ChallengeIssued announced = announcedRecord.as(ChallengeIssued.class);
            assertThat(announced.channel()).isEqualTo(LoginChannel.valueOf(channel));
            assertThat(announced.destinationMasked()).matches("\\+1 \\*\\*\\*-\\*\\*\\*-\\d{4}");
            assertThat(announcedRecord.value()).doesNotContain(number);

            String callId = VendorSimulator.ringingCall(challengeId);
            // the call names the sign-in it is for, as the text and the push do
            assertThat(VendorSimulator.call(callId).path("message").asText()).isEqualTo("This is extauth. Someone is "
                    + "signing in to your extauth " + (channel.equals("VPN") ? "VPN" : "portal")
                    + ". If it is you, press pound. If it is not you, press zero, then pound.");
            VendorSimulator.answer(callId, "#");

            ChallengeResult result = topics().awaitEvent(ChallengeResult.class,
                    r -> challengeId.equals(r.challengeId()));
            assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
            assertThat(result.channel()).isEqualTo(LoginChannel.valueOf(channel));
            assertThat(result.remainingAttempts()).isEqualTo(5);
            assertThat(get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText())
                    .isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aCallAnsweredWithoutHashFailsTheChallengeAndASecondCallbackChangesNothing() {
        activePhoneFactorUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();

        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "1#");

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.FAILED);
        assertThat(result.consecutiveFailures()).isEqualTo(1);
        assertThat(result.remainingAttempts()).isEqualTo(4);

        ResponseEntity<JsonNode> again = signedCallback(Map.of("kind", "CALL", "id", "call-x", "reference",
                challengeId, "status", "ANSWERED", "keys", "#", "reportFraud", false), VendorSimulator.CALLBACK_SECRET);
        assertThat(again.getStatusCode().value()).isEqualTo(204);
        JsonNode polled = get("/api/challenges/" + challengeId, TestJwt.portal()).getBody();
        assertThat(polled.path("status").asText()).isEqualTo("FAILED");
        // a portal that polls (a call is decided by the vendor's callback) reads the counts the event carries
        assertThat(polled.path("consecutiveFailures").asInt(-1)).isEqualTo(1);
        assertThat(polled.path("remainingAttempts").asInt(-1)).isEqualTo(4);
        assertThat(polled.has("lockedUntil")).isFalse();
        assertThat(status().path("consecutiveFailures").asInt()).isEqualTo(1);
        RecordedEvents events = assertThatEvents(topics().events());
        events.containsExactlyOne(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        events.containsNone(FraudReported.class, f -> challengeId.equals(f.challengeId()));
    }

    @Test
    void phoneCallPinLoginNeedsThePinBeforeTheHash() {
        activePhoneFactorUser();
        ResponseEntity<JsonNode> withPin = put(userPath("/phonefactor/settings"), TestJwt.admin(accountId),
                Map.of("status", "ACTIVE", "method", "PHONE_CALL_PIN", "pin", "4711"));
        assertThat(withPin.getStatusCode().value()).isEqualTo(200);
        assertThat(withPin.getBody().path("method").asText()).isEqualTo("PHONE_CALL_PIN");

        String wrong = challenge("VPN").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(wrong), "1234#");
        String right = challenge("VPN").getBody().path("challengeId").asText();
        String rightCall = VendorSimulator.ringingCall(right);
        assertThat(VendorSimulator.call(rightCall).path("message").asText())
                .contains("signing in to your extauth VPN. If it is you, enter your PIN, then press pound.");
        VendorSimulator.answer(rightCall, "4711#");

        assertThat(topics().awaitEvent(ChallengeResult.class, r -> wrong.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.FAILED);
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> right.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);
    }

    @Test
    void smsOneTimeLoginSucceedsWithTheCodeFromTheText() {
        activePhoneFactorUser();
        put(userPath("/phonefactor/settings"), TestJwt.portal(), Map.of("status", "ACTIVE", "method", "SMS_ONE_TIME"));
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        String text = VendorSimulator.smsText(challengeId);
        String code = text.replaceAll("\\D", "");
        // the text names the sign-in it is for: a second one seconds later, for the other channel, says so
        assertThat(text).startsWith("Your extauth portal sign-in code is ");

        ResponseEntity<JsonNode> reply = signedCallback(Map.of("kind", "SMS", "id", "sms-x", "reference", challengeId,
                "status", "REPLIED", "text", code, "reportFraud", false), VendorSimulator.CALLBACK_SECRET);

        assertThat(reply.getStatusCode().value()).isEqualTo(204);
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);
        // this challenge's event, whole: every event's ids and trace ids together hold a given six digits now and then
        topics().awaitEvent(ChallengeIssued.class, e -> challengeId.equals(e.challengeId()));
        List<RecordedEvent> issued = topics().events(Topics.AUTH_CHALLENGE_ISSUED,
                e -> e.value().contains(challengeId));
        assertThat(issued).hasSize(1);
        assertThat(issued.get(0).toString()).doesNotContain(code);
    }

    @Test
    void anUnansweredVerificationCallSavesNoPhoneAndSettingsThenNameTheMissingPhone() {
        provisioned(AuthType.PHONEFACTOR, null);
        String verificationId = startVerification(newNationalNumber());
        String callId = VendorSimulator.ringingCall(verificationId);
        // the call says what it is: a number's check, no sign-in
        assertThat(VendorSimulator.call(callId).path("message").asText())
                .isEqualTo("This is extauth, checking this number for two-factor sign-in. If you asked for it, press "
                        + "pound. If not, hang up.");

        VendorSimulator.noAnswer(callId);

        JsonNode verification = get(userPath("/phonefactor/phones/verifications/" + verificationId),
                TestJwt.portal()).getBody();
        assertThat(verification.path("status").asText()).isEqualTo("FAILED");
        assertThat(verification.path("reason").asText()).contains("not answered");
        assertThat(status().has("primaryPhoneMasked")).isFalse();
        ResponseEntity<JsonNode> settings = put(userPath("/phonefactor/settings"), TestJwt.portal(),
                Map.of("status", "ACTIVE", "method", "PHONE_CALL_STANDARD"));
        assertThat(settings.getStatusCode().value()).isEqualTo(422);
        assertThat(settings.getBody().path("errors").findValuesAsString("code")).contains("PRIMARY_PHONE_NOT_VERIFIED");
    }

    @Test
    void settingsReportEveryProblemWithMethodAndPinAtOnce() {
        provisioned(AuthType.PHONEFACTOR, null);
        verifyPrimaryPhone(newNationalNumber());

        ResponseEntity<JsonNode> pinNotAllowed = put(userPath("/phonefactor/settings"), TestJwt.portal(),
                Map.of("status", "ACTIVE", "method", "APP_STANDARD", "pin", "1234"));
        ResponseEntity<JsonNode> pinTooShort = put(userPath("/phonefactor/settings"), TestJwt.portal(),
                Map.of("status", "ACTIVE", "method", "SMS_ONE_TIME_PIN", "pin", "12"));
        ResponseEntity<JsonNode> nonsense = put(userPath("/phonefactor/settings"), TestJwt.portal(),
                Map.of("status", "ON", "method", "CARRIER_PIGEON"));

        assertThat(pinNotAllowed.getStatusCode().value()).isEqualTo(422);
        assertThat(pinNotAllowed.getBody().path("errors").findValuesAsString("code")).containsExactly("PIN_NOT_ALLOWED");
        assertThat(pinTooShort.getBody().path("errors").findValuesAsString("code")).containsExactly("PIN_FORMAT");
        assertThat(nonsense.getBody().path("errors").findValuesAsString("field")).containsExactly("status", "method");
        assertThat(pinTooShort.getBody().toString()).doesNotContain("\"12\"");
        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");
    }

    @Test
    void aPhoneNumberThatCannotBeDialledIsRefusedWithTheField() {
        provisioned(AuthType.PHONEFACTOR, null);

        ResponseEntity<JsonNode> tooShort = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", "55512"));
        ResponseEntity<JsonNode> noCountry = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "999", "number", "5551234567"));

        assertThat(tooShort.getStatusCode().value()).isEqualTo(422);
        assertThat(tooShort.getBody().path("errors").findValuesAsString("code")).containsExactly("WRONG_LENGTH");
        assertThat(noCountry.getBody().path("errors").findValuesAsString("field")).containsExactly("countryCode");
    }

    @Test
    void phoneSettingsBeforeProvisioningAnswer409WithWhatToDo() {
        order(AuthType.PHONEFACTOR, null);

        ResponseEntity<JsonNode> phone = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
        ResponseEntity<JsonNode> settings = put(userPath("/phonefactor/settings"), TestJwt.portal(),
                Map.of("status", "ACTIVE", "method", "PHONE_CALL_STANDARD"));

        for (ResponseEntity<JsonNode> response : java.util.List.of(phone, settings)) {
            assertThat(response.getStatusCode().value()).isEqualTo(409);
            assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
            assertThat(response.getBody().path("detail").asText())
                    .contains("provisioning e-mail", "wait for it and try again", "contact support");
        }
        assertThat(status().path("phoneFactorSettingsAvailable").asBoolean()).isFalse();
    }

    @Test
    void aCallbackWithABadSignatureIsRefusedWith401() {
        Map<String, Object> body = Map.of("kind", "CALL", "id", "call-x", "reference", "whatever", "status",
                "ANSWERED", "keys", "#", "reportFraud", false);

        ResponseEntity<JsonNode> wrongSecret = signedCallback(body, "not-the-secret");
        ResponseEntity<JsonNode> unsigned = http.exchange("/callbacks/telephony", HttpMethod.POST,
                new HttpEntity<>(body), JsonNode.class);

        assertThat(wrongSecret.getStatusCode().value()).isEqualTo(401);
        assertThat(wrongSecret.getBody().path("detail").asText()).contains("X-Extauth-Signature");
        assertThat(unsigned.getStatusCode().value()).isEqualTo(401);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void activePhoneFactorUser() {
        provisioned(AuthType.PHONEFACTOR, null);
        verifyPrimaryPhone(newNationalNumber());
        assertThat(put(userPath("/phonefactor/settings"), TestJwt.portal(),
                Map.of("status", "ACTIVE", "method", "PHONE_CALL_STANDARD")).getStatusCode().value()).isEqualTo(200);
    }

    private String startVerification(String number) {
        ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", number));
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        assertThat(started.getBody().path("status").asText()).isEqualTo("CALLING");
        assertThat(started.getBody().path("phoneMasked").asText()).isEqualTo("+1 ***-***-" + number.substring(6));
        return started.getBody().path("verificationId").asText();
    }

    private void verifyPrimaryPhone(String number) {
        String verificationId = startVerification(number);
        VendorSimulator.answer(VendorSimulator.ringingCall(verificationId), "#");
        JsonNode verification = get(userPath("/phonefactor/phones/verifications/" + verificationId),
                TestJwt.portal()).getBody();
        assertThat(verification.path("status").asText()).isEqualTo("VERIFIED");
        assertThat(status().path("primaryPhoneMasked").asText()).isEqualTo("+1 ***-***-" + number.substring(6));
    }

    private ResponseEntity<JsonNode> signedCallback(Map<String, Object> callback, String secret) {
        byte[] body;
        try {
            body = new tools.jackson.databind.ObjectMapper().writeValueAsBytes(new HashMap<>(callback));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(CallbackSignatureRules.HEADER, CallbackSignatureRules.sign(secret, java.time.Instant.now(),
                "/callbacks/telephony", body));
        return http.exchange("/callbacks/telephony", HttpMethod.POST, new HttpEntity<>(body, headers),
                JsonNode.class);
    }
}
