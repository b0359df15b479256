package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Symantec activation attempts and login answers: a burst cannot get more codes checked than allowed, whether the
 * codes go to one activation or to one login challenge.
 */
class ActivationBurstIntegrationTest extends IntegrationTestBase {

    private static final int ATTEMPTS = 50;

    @Test
    void fiftyWrongActivationCodesAtOnceAreCheckedByVipExactlyFiveTimesAndTheRestAre423() throws Exception {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        String wrongCode = SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId));
        int checkedBefore = TestVendors.validations();

        List<Integer> statuses = AllAtOnce.times(ATTEMPTS, () -> post(userPath("/symantec/activation"),
                TestJwt.portal(), Map.of("securityCode", wrongCode)).getStatusCode().value());

        assertThat(TestVendors.validations() - checkedBefore).as("codes checked by VIP").isEqualTo(5);
        assertThat(statuses.stream().filter(s -> s == 422)).as("wrong codes counted before the lock").hasSize(4);
        assertThat(statuses.stream().filter(s -> s == 423)).as("the fifth and every code after it").hasSize(46);
        assertThat(jdbc.queryForMap("SELECT state, activation_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", accountId, userId)).containsEntry("state", "PROVISIONED")
                .containsEntry("activation_failures", 5);
    }

    @Test
    void twentyWrongCodesAtOnceForOneLoginChallengeAreCheckedByVipOnceAndCostOneStrike() throws Exception {
        String credentialId = activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        String wrongCode = SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId));
        int checkedBefore = TestVendors.validations();

        List<Integer> statuses = AllAtOnce.times(20, () -> respond(challengeId, wrongCode).getStatusCode().value());

        // before, up to five were checked at once (one per attempt left), the first decided, the rest were thrown
        // away with no strike: 5 + 4 + 3 + 2 + 1 codes checked before the lock instead of 5
        assertThat(TestVendors.validations() - checkedBefore).as("codes checked by VIP").isEqualTo(1);
        assertThat(statuses.stream().filter(s -> s == 200)).as("the one answer that decided").hasSize(1);
        assertThat(statuses.stream().filter(s -> s == 409)).as("decided already").hasSize(19);
        assertThat(jdbc.queryForObject("SELECT consecutive_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, accountId, userId)).isEqualTo(1);
    }

    @Test
    void aLoginAnswerThatIsNotSixDigitsIsRefusedBeforeVipAndCostsNoStrike() {
        activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        int checkedBefore = TestVendors.validations();

        for (String malformed : List.of("12345", "1234567", "12a456", "x".repeat(5_000))) {
            var answered = respond(challengeId, malformed);
            assertThat(answered.getStatusCode().value()).as(malformed).isEqualTo(400);
            assertThat(answered.getBody().path("type").asText()).endsWith("/invalid-response");
            assertThat(answered.getBody().path("errors").get(0).path("code").asText()).isEqualTo("FORMAT");
        }

        assertThat(TestVendors.validations() - checkedBefore).as("codes checked by VIP").isZero();
        assertThat(jdbc.queryForObject("SELECT consecutive_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, accountId, userId)).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM challenge WHERE id = ?::uuid", String.class, challengeId))
                .as("still open for the right code").isEqualTo("PENDING");
    }

    @Test
    void attemptsLeftInFlightByACrashedInstanceLapseAfterTheirLeaseAndHoldNobodyUp() {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        for (int i = 0; i < 5; i++) { // every remaining attempt, reserved by an instance that died asking VIP
            jdbc.update("INSERT INTO attempt_reservation (id, account_id, user_id, purpose, expires_at) VALUES "
                    + "(?, ?, ?, 'ACTIVATION', ?)", java.util.UUID.randomUUID(), accountId, userId,
                    java.sql.Timestamp.from(clock.instant().minusSeconds(1)));
        }
        int checkedBefore = TestVendors.validations();
        long started = System.nanoTime();

        int status = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", VendorSimulator.currentCode(credentialId))).getStatusCode().value();

        assertThat(status).isEqualTo(200);
        assertThat(TestVendors.validations() - checkedBefore).isEqualTo(1);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(3));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM attempt_reservation WHERE account_id = ? AND user_id = ?",
                Integer.class, accountId, userId)).as("lapsed reservations forgotten").isZero();
    }
}
