package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.challenge.vip.adapter.VipProperties;
import io.extauth.contract.AuthType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * While VIP takes its time over a user's code, nothing waits for the user's row: an admin unlock, a settings change
 * or another decision for that user goes ahead. The row is taken here with NOWAIT, which fails at once if it is held.
 */
class VendorCallOutsideTheLockIntegrationTest extends IntegrationTestBase {

    @AfterEach
    void vipBehaves() {
        TestVendors.behave();
    }

    @Test
    void whileVipChecksALoginCodeTheUsersRowIsNotLocked() throws Exception {
        String credentialId = activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        String wrongCode = SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId));
        CompletableFuture<ResponseEntity<JsonNode>> answered = respondWhileVipHoldsIt(challengeId, wrongCode);
        boolean rowFree = rowIsFree();
        TestVendors.behave();

        assertThat(rowFree).as("the user's row is free while VIP checks the code").isTrue();
        ResponseEntity<JsonNode> decided = answered.get(30, TimeUnit.SECONDS);
        assertThat(decided.getBody().path("status").asText()).isEqualTo("FAILED");
        assertThat(decided.getBody().path("consecutiveFailures").asInt()).isEqualTo(1);
    }

    @Test
    void aRightCodeTypedBeforeTheEndCountsThoughVipJudgesItAfterTheEnd() throws Exception {
        String credentialId = activeSymantecUser();
        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        String challengeId = issued.getBody().path("challengeId").asText();
        java.time.Instant expiresAt = java.time.Instant.parse(issued.getBody().path("expiresAt").asText());
        clock.advance(java.time.Duration.between(clock.instant(), expiresAt).minusSeconds(2));
        String code = VendorSimulator.currentCode(credentialId);
        // typed two seconds before the end; VIP takes its time
        CompletableFuture<ResponseEntity<JsonNode>> answered = respondWhileVipHoldsIt(challengeId, code);
        clock.advance(java.time.Duration.ofSeconds(3));
        // the expiry timer ticks every second meanwhile: it leaves the challenge to VIP's verdict
        Thread.sleep(1_500); // within VIP's read timeout in these tests (2 s)
        TestVendors.behave();

        ResponseEntity<JsonNode> decided = answered.get(30, TimeUnit.SECONDS);
        assertThat(decided.getStatusCode().value()).isEqualTo(200);
        assertThat(decided.getBody().path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(decided.getBody().path("consecutiveFailures").asInt()).isZero();
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.extauth.challenge.login.adapter.ChallengeDecisions decisions;

    @Test
    void theExpiryLooksForACodeWithVipUnderTheUsersLockNotOnlyInItsScan() {
        activeSymantecUser();
        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        String challengeId = issued.getBody().path("challengeId").asText();
        clock.advance(java.time.Duration.between(clock.instant(),
                java.time.Instant.parse(issued.getBody().path("expiresAt").asText())).plusSeconds(1));
        // a code reserved its attempt just before the end, committed after the timer's scan read none
        jdbc.update("INSERT INTO attempt_reservation (id, account_id, user_id, purpose, expires_at) "
                + "VALUES (?, ?, ?, 'LOGIN', ?)", java.util.UUID.randomUUID(), accountId, userId,
                java.sql.Timestamp.from(clock.instant().plusSeconds(5)));

        assertThat(decisions.expireUnlessCodeWithVip(java.util.UUID.fromString(challengeId))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT status FROM challenge WHERE id = ?", String.class,
                java.util.UUID.fromString(challengeId))).isEqualTo("PENDING");

        jdbc.update("DELETE FROM attempt_reservation WHERE account_id = ? AND user_id = ?", accountId, userId);
        assertThat(decisions.expireUnlessCodeWithVip(java.util.UUID.fromString(challengeId)))
                .hasValueSatisfying(outcome -> assertThat(outcome.challenge().outcome().name()).isEqualTo("EXPIRED"));
    }

    @Test
    void whileVipChecksAnActivationCodeTheUsersRowIsNotLocked() throws Exception {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        String code = VendorSimulator.currentCode(credentialId);
        CompletableFuture<ResponseEntity<JsonNode>> activated = activateWhileVipHoldsIt(code);
        boolean rowFree = rowIsFree();
        TestVendors.behave();

        assertThat(rowFree).as("the user's row is free while VIP checks the code").isTrue();
        assertThat(activated.get(30, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(200);
        assertThat(status().path("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void aCodeVipJudgedOnTheOldCredentialWhileANewOrderCameActivatesNothing() throws Exception {
        String oldCredential = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, oldCredential);
        String code = VendorSimulator.currentCode(oldCredential);
        CompletableFuture<ResponseEntity<JsonNode>> activated = activateWhileVipHoldsIt(code);
        String reorder;
        try {
            // order-service cancelled the order too late, and the admin ordered another credential, provisioned
            // while VIP still judges the old one's code
            reorder = order(AuthType.SYMANTEC_VIP, newCredentialId());
            provision(AuthType.SYMANTEC_VIP, reorder);
            awaitState("PROVISIONED");
        } finally {
            TestVendors.behave();
        }

        ResponseEntity<JsonNode> answer = activated.get(30, TimeUnit.SECONDS);

        assertThat(answer.getStatusCode().value()).as("until session 63: 200, the new credential activated")
                .isEqualTo(503);
        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");
        assertThat(factorOrderId()).isEqualTo(reorder);
    }

    private boolean rowIsFree() {
        try {
            jdbc.queryForList("SELECT user_id FROM user_factor WHERE account_id = ? AND user_id = ? FOR UPDATE NOWAIT",
                    accountId, userId);
            return true;
        } catch (org.springframework.dao.DataAccessException held) {
            return false;
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    VipProperties vipProperties;

    @Test
    void aRightCodeJudgedAfterItsAttemptLapsedIsNoStrikeWhenSentAgain() throws Exception {
        String credentialId = activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        String code = VendorSimulator.currentCode(credentialId);
        CompletableFuture<ResponseEntity<JsonNode>> answered = respondWhileVipHoldsIt(challengeId, code);
        // the attempt's reservation lapses (by the service's clock) while VIP judges: VIP takes the right code, and
        // its verdict counts for nothing, since the attempt may have gone to another answer
        clock.advance(vipProperties.reservationLease().plusSeconds(1));
        TestVendors.behave();
        assertThat(answered.get(30, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(503);

        // the portal sends it again, as Retry-After invites: VIP calls it used, which the user did not do
        ResponseEntity<JsonNode> again = respond(challengeId, code);

        assertThat(again.getStatusCode().value()).as("until session 64: a strike").isEqualTo(409);
        assertThat(again.getBody().path("type").asText()).endsWith("/code-used-by-lost-answer");
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
        assertThat(get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("PENDING");
        VendorSimulator.forgetUsedCodes();
    }

    @Test
    void aRightActivationCodeJudgedAfterItsAttemptLapsedIsNoStrikeWhenSentAgain() throws Exception {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        String code = VendorSimulator.currentCode(credentialId);
        CompletableFuture<ResponseEntity<JsonNode>> activated = activateWhileVipHoldsIt(code);
        clock.advance(vipProperties.reservationLease().plusSeconds(1));
        TestVendors.behave();
        assertThat(activated.get(30, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(503);

        ResponseEntity<JsonNode> again = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", code));

        assertThat(again.getStatusCode().value()).as("until session 64: an activation strike").isEqualTo(409);
        assertThat(again.getBody().path("type").asText()).endsWith("/code-used-by-lost-answer");
        assertThat(jdbc.queryForObject("SELECT activation_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, accountId, userId)).as("activation strikes").isZero();
        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");
        VendorSimulator.forgetUsedCodes();
    }

    /** The login answer sent, and held at VIP once it has arrived there: VIP answers at {@code behave()}. */
    private CompletableFuture<ResponseEntity<JsonNode>> respondWhileVipHoldsIt(String challengeId, String code)
            throws Exception {
        TestVendors.hold();
        CompletableFuture<ResponseEntity<JsonNode>> answered = CompletableFuture.supplyAsync(
                () -> respond(challengeId, code));
        TestVendors.awaitArrival();
        return answered;
    }

    /** The activation code sent, and held at VIP once it has arrived there: VIP answers at {@code behave()}. */
    private CompletableFuture<ResponseEntity<JsonNode>> activateWhileVipHoldsIt(String code) throws Exception {
        TestVendors.hold();
        CompletableFuture<ResponseEntity<JsonNode>> activated = CompletableFuture.supplyAsync(
                () -> post(userPath("/symantec/activation"), TestJwt.portal(), Map.of("securityCode", code)));
        TestVendors.awaitArrival();
        return activated;
    }
}
