package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, the chaos run's vendor outage: a call was ringing when the telephony vendor went down, the user's key press
 * could not reach it, and the challenge later expired as a strike. A vendor that comes back reports the contacts its
 * outage cut as {@code FAILED} (the simulator does, see its README); such a report ends the challenge
 * {@code NOT_DELIVERED}, with no strike, and a phone verification as failed without counting against the user.
 */
class VendorDroppedContactIntegrationTest extends IntegrationTestBase {

    @Test
    void aRingingCallTheVendorReportsFailedEndsNotDeliveredWithTheStrikesAsTheyWereAndTheUserMayAskAgainAtOnce() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String wrong = challenge("PORTAL").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(wrong), "1#");
        topics().awaitEvent(ChallengeResult.class, r -> wrong.equals(r.challengeId()));
        String cut = challenge("PORTAL").getBody().path("challengeId").asText();
        String callId = VendorSimulator.ringingCall(cut);

        assertThat(failed("CALL", callId, cut).getStatusCode().value()).isEqualTo(204);

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> cut.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(result.consecutiveFailures()).as("the earned strike, no more").isEqualTo(1);
        assertThat(result.remainingAttempts()).isEqualTo(4);
        assertThat(challengeStatus(cut)).isEqualTo("NOT_DELIVERED");
        assertThat(status().path("consecutiveFailures").asInt()).isEqualTo(1);
        assertThat(status().path("state").asText()).isEqualTo("ACTIVE");
        ResponseEntity<JsonNode> again = challenge("PORTAL");
        assertThat(again.getStatusCode().value()).isEqualTo(201);
        assertThat(again.getBody().path("challengeId").asText()).isNotEqualTo(cut);
    }

    @Test
    void aPushTheVendorReportsFailedEndsNotDeliveredToo() {
        activatePhoneFactor(PhoneFactorMethod.APP_STANDARD);
        String cut = challenge("VPN").getBody().path("challengeId").asText();
        String pushId = VendorSimulator.push(cut).path("pushId").asText();

        assertThat(failed("PUSH", pushId, cut).getStatusCode().value()).isEqualTo(204);

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> cut.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void aFailedReportAfterTheChallengeSucceededChangesNothing() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        String callId = VendorSimulator.ringingCall(challengeId);
        VendorSimulator.answer(callId, "#");
        topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));

        assertThat(failed("CALL", callId, challengeId).getStatusCode().value()).isEqualTo(204);

        assertThat(challengeStatus(challengeId)).isEqualTo("SUCCEEDED");
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> assertThatEvents(
                topics().events()).of(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).size() == 1);
    }

    @Test
    void aVerificationCallTheVendorReportsFailedSavesNoPhoneAndDoesNotCountAsAFailedVerification() {
        provisioned(AuthType.PHONEFACTOR, null);
        ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
        String verificationId = started.getBody().path("verificationId").asText();
        String callId = VendorSimulator.ringingCall(verificationId);

        assertThat(failed("CALL", callId, verificationId).getStatusCode().value()).isEqualTo(204);

        JsonNode verification = get(userPath("/phonefactor/phones/verifications/" + verificationId),
                TestJwt.portal()).getBody();
        assertThat(verification.path("status").asText()).isEqualTo("FAILED");
        assertThat(verification.path("reason").asText()).contains("telephony vendor");
        assertThat(status().has("primaryPhoneMasked")).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contact_attempt WHERE account_id = ? AND user_id = ? "
                + "AND kind = 'FAILED_VERIFICATION'", Integer.class, accountId, userId))
                .as("failed verifications counted against the user").isZero();
    }

    /** The status callback a vendor sends for a contact its outage cut: signed as any callback, nobody acted. */
    private ResponseEntity<JsonNode> failed(String kind, String id, String reference) {
        return signedCallback(new RestTemplateBuilder().build(), http.getRootUri(), Map.of("kind", kind, "id", id,
                "reference", reference, "status", "FAILED", "reportFraud", false));
    }

    private String challengeStatus(String challengeId) {
        return get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText();
    }
}
