package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, the chaos run's vendor outage outlasting a call: the expiry timer asks the vendor before it counts a
 * PhoneFactor challenge as a strike. While the vendor cannot be reached the decision is held; a FAILED report ends it
 * NOT_DELIVERED, and so does the end of the hold (extauth.challenges.expiry.vendor-hold, 10 minutes). A vendor that
 * answers and holds the call ends it EXPIRED, as before ({@code ChallengeRulesIntegrationTest}).
 */
class VendorUnreachableAtExpiryIntegrationTest extends IntegrationTestBase {

    @AfterEach
    void vendorBack() {
        VendorSimulator.faults(0.0, 0, false);
        TestVendors.behave();
    }

    @Test
    void aContactStatusTheContractDoesNotNameIsNoProofTheUserWasReachedNoStrike() {
        activatePhoneFactor(PhoneFactorMethod.SMS_ONE_TIME);
        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        String text = issued.getBody().path("challengeId").asText();
        VendorSimulator.sms(text);
        // a carrier's word the gateway passes on: the text never reached the phone
        TestVendors.reportContact(text, "UNDELIVERABLE");

        clock.advance(Duration.between(clock.instant(), expiresAt(issued)).plusSeconds(1));

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> text.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(result.consecutiveFailures()).isZero();
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void aLockEndsOnTimeWhileTheExpiryTimerAsksASlowGateway() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        ResponseEntity<JsonNode> portal = challenge("PORTAL");
        ResponseEntity<JsonNode> vpn = challenge("VPN");
        VendorSimulator.ringingCall(portal.getBody().path("challengeId").asText());
        VendorSimulator.ringingCall(vpn.getBody().path("challengeId").asText());
        // each question about a contact answered just inside the gateway's 5 s read timeout
        VendorSimulator.latency(4_000);
        int asked = TestVendors.contactQuestions();
        clock.advance(Duration.between(clock.instant(), expiresAt(vpn)).plusSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> TestVendors.contactQuestions() > asked);

        // another user's lock runs out a second from now, while the expiry timer waits on the gateway
        String lockedUser = "locked-" + java.util.UUID.randomUUID();
        jdbc.update("""
                INSERT INTO user_factor (account_id, user_id, state, type, consecutive_failures, locked_until,
                                         updated_at)
                VALUES (?, ?, 'LOCKED', 'SYMANTEC_VIP', 5, ?, now())""", accountId, lockedUser,
                java.sql.Timestamp.from(clock.instant().plusSeconds(1)));
        long lockEnds = System.nanoTime() + Duration.ofSeconds(1).toNanos();

        await().atMost(Duration.ofSeconds(10)).until(() -> !"LOCKED".equals(jdbc.queryForObject(
                "SELECT state FROM user_factor WHERE account_id = ? AND user_id = ?", String.class, accountId,
                lockedUser)));
        long lateMillis = Duration.ofNanos(System.nanoTime() - lockEnds).toMillis();

        assertThat(lateMillis).as("ms the lock outlasted its end; the expiry timer's gateway question takes 4,000")
                .isLessThan(2_500);
    }

    @Test
    void aCallPastItsEndWhileTheVendorIsUnreachableIsHeldWithoutAStrikeAndTheVendorsFailedReportEndsItNotDelivered() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        String cut = issued.getBody().path("challengeId").asText();
        String callId = VendorSimulator.ringingCall(cut);
        VendorSimulator.outage(true);

        clock.advance(Duration.between(clock.instant(), expiresAt(issued)).plusSeconds(1));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> assertThatEvents(topics().events()).of(ChallengeResult.class, r -> cut.equals(r.challengeId())).isEmpty());
        assertThat(challengeStatus(cut)).as("held while the vendor cannot tell").isEqualTo("PENDING");
        assertThat(status().path("consecutiveFailures").asInt()).isZero();

        assertThat(signedCallback(new RestTemplateBuilder().build(), http.getRootUri(), Map.of("kind", "CALL",
                "id", callId, "reference", cut, "status", "FAILED", "reportFraud", false)).getStatusCode().value())
                .isEqualTo(204);

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> cut.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(result.consecutiveFailures()).isZero();
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void aCallTheVendorSaysWasAnsweredIsHeldForItsLateCallbackWhichDecidesIt() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        String answered = issued.getBody().path("challengeId").asText();
        String callId = VendorSimulator.ringingCall(answered);
        // the user pressed # at the call's last second; the vendor has it, its callback is not here yet
        TestVendors.reportContact(answered, "ANSWERED");

        heldPastItsEndThenDecidedByTheLateCallback(issued, callId);
    }

    @Test
    void aRightAnswerTheVendorReportsDuringTheHoldStillSucceeds() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        String answered = issued.getBody().path("challengeId").asText();
        String callId = VendorSimulator.ringingCall(answered);
        // the user pressed # while the call rang; the vendor's callback gets through only after the call's end
        VendorSimulator.outage(true);

        heldPastItsEndThenDecidedByTheLateCallback(issued, callId);
    }

    /** Past its end the challenge is held (no result, no strike); the user's # the vendor delivers late succeeds. */
    private void heldPastItsEndThenDecidedByTheLateCallback(ResponseEntity<JsonNode> issued, String callId) {
        String answered = issued.getBody().path("challengeId").asText();
        clock.advance(Duration.between(clock.instant(), expiresAt(issued)).plusSeconds(1));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> assertThatEvents(
                topics().events()).of(ChallengeResult.class, r -> answered.equals(r.challengeId())).isEmpty());
        assertThat(challengeStatus(answered)).as("held for the callback").isEqualTo("PENDING");
        assertThat(status().path("consecutiveFailures").asInt()).isZero();

        assertThat(signedCallback(new RestTemplateBuilder().build(), http.getRootUri(), Map.of("kind", "CALL",
                "id", callId, "reference", answered, "status", "ANSWERED", "keys", "#", "reportFraud", false))
                .getStatusCode().value()).isEqualTo(204);

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> answered.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void aCallWhoseVendorStaysUnreachablePastTheHoldEndsNotDeliveredWithoutAStrike() {
        activatePhoneFactor(PhoneFactorMethod.APP_STANDARD);
        ResponseEntity<JsonNode> issued = challenge("VPN");
        String held = issued.getBody().path("challengeId").asText();
        VendorSimulator.push(held);
        VendorSimulator.outage(true);
        clock.advance(Duration.between(clock.instant(), expiresAt(issued)).plusSeconds(1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> assertThatEvents(topics().events()).of(ChallengeResult.class, r -> held.equals(r.challengeId())).isEmpty());

        clock.advance(Duration.ofMinutes(10));

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> held.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(challengeStatus(held)).isEqualTo("NOT_DELIVERED");
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    private static Instant expiresAt(ResponseEntity<JsonNode> issued) {
        return Instant.parse(issued.getBody().path("expiresAt").asText());
    }

    private String challengeStatus(String challengeId) {
        return get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText();
    }
}
