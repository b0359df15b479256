package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * The verification timer asks the telephony gateway what became of a verification call nobody answered in time, as
 * the challenge timer does ({@code VendorUnreachableAtExpiryIntegrationTest}): a call the gateway says was answered
 * waits for its callback, a gateway that cannot be asked holds the decision, both at most
 * {@code extauth.challenges.expiry.vendor-hold} (10 minutes) after the verification's end, and then fail uncounted; a
 * call the gateway lost is no failed verification of the user's; a tick asks a slow gateway for at most 2 s.
 */
class VerificationCallAtExpiryIntegrationTest extends IntegrationTestBase {

    private static final Duration VENDOR_HOLD = Duration.ofMinutes(10);

    @AfterEach
    void gatewayBack() {
        VendorSimulator.faults(0.0, 0, false);
        TestVendors.behave();
    }

    @Test
    void anAnsweredCallWhoseCallbackIsLateIsHeldAndTheCallbackSavesThePhone() {
        provisioned(AuthType.PHONEFACTOR, null);
        String verificationId = startVerification();
        String callId = VendorSimulator.ringingCall(verificationId);
        // the user pressed # at the call's last second; the gateway has it, its callback is not here yet
        TestVendors.reportContact(verificationId, "ANSWERED");
        int asked = TestVendors.contactQuestions();

        clock.advance(Duration.ofSeconds(61)); // past extauth.challenges.verification-timeout

        await("the gateway asked").atMost(Duration.ofSeconds(10)).until(() -> TestVendors.contactQuestions() > asked);
        await("held, CALLING").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> "CALLING".equals(status(verificationId)));
        assertThat(failedVerifications()).as("until session 66: failed, not answered in time, and counted").isZero();

        assertThat(signedCallback(new RestTemplateBuilder().build(), http.getRootUri(), Map.of("kind", "CALL",
                "id", callId, "reference", verificationId, "status", "ANSWERED", "keys", "#", "reportFraud", false))
                .getStatusCode().value()).isEqualTo(204);

        assertThat(status(verificationId)).isEqualTo("VERIFIED");
        assertThat(jdbc.queryForObject("SELECT primary_phone IS NOT NULL FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Boolean.class, accountId, userId)).as("the phone saved").isTrue();
        assertThat(failedVerifications()).isZero();
    }

    @Test
    void anAnsweredCallWhoseCallbackNeverComesFailsUncountedPastTheHold() {
        provisioned(AuthType.PHONEFACTOR, null);
        String verificationId = startVerification();
        VendorSimulator.ringingCall(verificationId);
        TestVendors.reportContact(verificationId, "ANSWERED");
        clock.advance(Duration.ofSeconds(61));
        await("held, CALLING").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> "CALLING".equals(status(verificationId)));

        clock.advance(VENDOR_HOLD);

        await("decided past the hold").atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(status(verificationId)));
        assertThat(reason(verificationId)).contains("what was pressed never reached extauth")
                .contains("does not count as a failed verification");
        assertThat(failedVerifications()).isZero();
    }

    @Test
    void aVerificationPastItsEndWhileTheGatewayIsDownIsHeldThenFailsUncountedPastTheHold() {
        provisioned(AuthType.PHONEFACTOR, null);
        String verificationId = startVerification();
        VendorSimulator.ringingCall(verificationId);
        VendorSimulator.outage(true);
        int asked = TestVendors.contactQuestions();

        clock.advance(Duration.ofSeconds(61));

        await("the gateway asked").atMost(Duration.ofSeconds(10)).until(() -> TestVendors.contactQuestions() > asked);
        await("held, CALLING").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> "CALLING".equals(status(verificationId)));
        assertThat(failedVerifications()).isZero();

        clock.advance(VENDOR_HOLD);

        await("decided past the hold").atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(status(verificationId)));
        assertThat(reason(verificationId)).contains("could not tell whether the call was placed")
                .contains("does not count as a failed verification");
        assertThat(failedVerifications()).isZero();
    }

    @Test
    void aCallTheGatewayLostIsNoFailedVerification() {
        provisioned(AuthType.PHONEFACTOR, null);
        String verificationId = startVerification();
        VendorSimulator.ringingCall(verificationId);
        TestVendors.reportContact(verificationId, "FAILED"); // an outage cut it

        clock.advance(Duration.ofSeconds(61));

        await("the timer decides it").atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(status(verificationId)));
        assertThat(reason(verificationId)).contains("lost the call");
        assertThat(failedVerifications()).as("counted as the user's failed verification").isZero();
    }

    @Test
    void aTickAsksASlowGatewayForAtMostItsBudgetAndLaterTicksDecideTheRest() throws Exception {
        provisioned(AuthType.PHONEFACTOR, null);
        // expired together; the gateway holds no call for them (never placed), each question answered in 600 ms
        Duration slowAnswer = Duration.ofMillis(600);
        Instant now = clock.instant();
        List<UUID> expired = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            UUID id = UUID.randomUUID();
            jdbc.update("""
                    INSERT INTO phone_verification (id, account_id, user_id, slot, phone, country_code, phone_masked,
                                                    status, created_at, expires_at, requested_by, requested_by_admin)
                    VALUES (?, ?, ?, 'PRIMARY', ?, '1', '+1 ***-***-0100', 'CALLING', ?, ?, 'portal', false)""",
                    id, accountId, userId, "+1" + newNationalNumber(), Timestamp.from(now.minusSeconds(60)),
                    Timestamp.from(now.plusSeconds(1)));
            expired.add(id);
        }
        VendorSimulator.latency(slowAnswer.toMillis());
        int asked = TestVendors.contactQuestions();

        try (ExpiryTickVendorBudgetIntegrationTest.TickWatch ticks =
                ExpiryTickVendorBudgetIntegrationTest.TickWatch.start("VerificationExpiryTimer")) {
            clock.advance(Duration.ofSeconds(2));

            await("every expired verification decided").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> calling(expired) == 0);
            ticks.awaitIdle();

            assertThat(ticks.longest()).as("the longest verification tick (%d ticks asked, %d questions): %s",
                    ticks.count(), TestVendors.contactQuestions() - asked, ticks.all())
                    .isLessThan(Duration.ofSeconds(2).plus(slowAnswer).plusMillis(1_500));
            assertThat(ticks.count()).as("ticks that decided the batch (one cannot ask 16 slow questions in 2 s)")
                    .isGreaterThanOrEqualTo(3);
        }
        assertThat(TestVendors.contactQuestions() - asked).isGreaterThanOrEqualTo(expired.size());
        assertThat(failedVerifications()).isZero();
    }

    private String startVerification() {
        ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        return started.getBody().path("verificationId").asText();
    }

    private String status(String verificationId) {
        return jdbc.queryForObject("SELECT status FROM phone_verification WHERE id = ?::uuid", String.class,
                verificationId);
    }

    private String reason(String verificationId) {
        return jdbc.queryForObject("SELECT reason FROM phone_verification WHERE id = ?::uuid", String.class,
                verificationId);
    }

    private int calling(List<UUID> ids) {
        return (int) ids.stream().filter(id -> "CALLING".equals(status(id.toString()))).count();
    }

    private int failedVerifications() {
        return jdbc.queryForObject("SELECT count(*) FROM contact_attempt WHERE account_id = ? AND user_id = ? "
                + "AND kind = 'FAILED_VERIFICATION'", Integer.class, accountId, userId);
    }
}
