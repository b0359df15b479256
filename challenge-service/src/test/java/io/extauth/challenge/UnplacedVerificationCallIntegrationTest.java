package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.testsupport.TestJwt;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A verification call that was never placed (the instance died between recording the verification and placing its
 * call) is no failed verification of the user's: the expiry asks the gateway first, which holds no call for it. One
 * that rang unanswered still is.
 */
class UnplacedVerificationCallIntegrationTest extends IntegrationTestBase {

    @Test
    void aVerificationWhoseCallWasNeverPlacedFailsUncountedWithAReasonThatSaysSo() {
        provisioned(AuthType.PHONEFACTOR, null);
        UUID never = UUID.randomUUID();
        Instant now = clock.instant();
        int questions = TestVendors.contactQuestions();
        // as startVerification commits it before the call is placed on another thread, which never ran
        jdbc.update("""
                INSERT INTO phone_verification (id, account_id, user_id, slot, phone, country_code, phone_masked,
                                                status, created_at, expires_at, requested_by, requested_by_admin)
                VALUES (?, ?, ?, 'PRIMARY', '+15550100', '1', '+1 ***-***-0100', 'CALLING', ?, ?, 'portal', false)""",
                never, accountId, userId, Timestamp.from(now.minusSeconds(120)), Timestamp.from(now.minusSeconds(60)));

        await("the timer decides it").atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(jdbc.queryForObject(
                "SELECT status FROM phone_verification WHERE id = ?", String.class, never)));

        assertThat(jdbc.queryForObject("SELECT reason FROM phone_verification WHERE id = ?", String.class, never))
                .as("until session 66: the call was not answered in time").contains("could not be placed")
                .contains("does not count as a failed verification");
        assertThat(failedVerifications()).as("until session 66: counted toward the user's ten a day").isZero();
        assertThat(TestVendors.contactQuestions()).as("the gateway was asked").isGreaterThan(questions);
    }

    @Test
    void aVerificationCallThatRangUnansweredIsStillTheUsersFailedVerification() {
        provisioned(AuthType.PHONEFACTOR, null);
        ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        String verificationId = started.getBody().path("verificationId").asText();

        clock.advance(Duration.ofSeconds(61)); // the call unanswered past extauth.challenges.verification-timeout

        await("the timer decides it").atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(jdbc.queryForObject(
                "SELECT status FROM phone_verification WHERE id = ?::uuid", String.class, verificationId)));
        assertThat(jdbc.queryForObject("SELECT reason FROM phone_verification WHERE id = ?::uuid", String.class,
                verificationId)).contains("not answered in time");
        assertThat(failedVerifications()).isEqualTo(1);
    }

    private int failedVerifications() {
        return jdbc.queryForObject("SELECT count(*) FROM contact_attempt WHERE account_id = ? AND user_id = ? "
                + "AND kind = 'FAILED_VERIFICATION'", Integer.class, accountId, userId);
    }
}
