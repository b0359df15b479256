package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Unlocked;
import io.extauth.challenge.lockout.StrikeRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class LockoutIntegrationTest extends IntegrationTestBase {

    @Test
    void theFifthWrongAnswerLocksTheUserAndTheTimerUnlocksWhenTheLockRunsOut() {
        String credentialId = activeSymantecUser();
        JsonNode fifth = failFiveTimes(credentialId);
        Instant lockedUntil = Instant.parse(fifth.path("lockedUntil").asText());
        assertThat(fifth.path("status").asText()).isEqualTo("LOCKED_OUT");
        assertThat(fifth.path("remainingAttempts").asInt()).isZero();
        assertThat(lockedUntil).isBetween(clock.instant().plus(Duration.ofMinutes(59)),
                clock.instant().plus(Duration.ofMinutes(61)));
        ChallengeResult lockedOut = topics().awaitEvent(ChallengeResult.class,
                r -> userId.equals(r.userId()) && r.outcome() == ChallengeOutcome.LOCKED_OUT);
        assertThat(lockedOut.lockedUntil()).isNotNull();
        assertThat(status().path("state").asText()).isEqualTo("LOCKED");

        JsonNode fifthPolled = get("/api/challenges/" + fifth.path("challengeId").asText(), TestJwt.portal())
                .getBody();
        assertThat(fifthPolled.path("consecutiveFailures").asInt(-1)).isEqualTo(5);
        assertThat(fifthPolled.path("remainingAttempts").asInt(-1)).isZero();
        assertThat(Instant.parse(fifthPolled.path("lockedUntil").asText())).isEqualTo(lockedUntil);

        ResponseEntity<JsonNode> whileLocked = challenge("VPN");
        assertThat(whileLocked.getStatusCode().value()).isEqualTo(423);
        assertThat(whileLocked.getBody().path("lockedUntil").asText()).isNotBlank();
        // the rejection made while locked is decided as it is made, and says so when read
        JsonNode rejectedPolled = get("/api/challenges/" + whileLocked.getBody().path("challengeId").asText(),
                TestJwt.portal()).getBody();
        assertThat(rejectedPolled.path("outcome").asText()).isEqualTo("REJECTED_LOCKED");
        assertThat(rejectedPolled.path("consecutiveFailures").asInt(-1)).isEqualTo(5);
        assertThat(Instant.parse(rejectedPolled.path("lockedUntil").asText())).isEqualTo(lockedUntil);
        ChallengeResult rejected = topics().awaitEvent(ChallengeResult.class,
                r -> userId.equals(r.userId()) && r.outcome() == ChallengeOutcome.REJECTED_LOCKED);
        assertThat(rejected.consecutiveFailures()).isEqualTo(5);
        assertThat(rejected.channel()).isEqualTo(LoginChannel.VPN);

        clock.advance(Duration.ofMinutes(61));

        awaitState("ACTIVE");
        Unlocked unlocked = topics().awaitEvent(Unlocked.class, userId);
        assertThat(unlocked.by()).isEqualTo("TIMER");
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
        assertThat(challenge("PORTAL").getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void anAdminOfTheAccountUnlocksAtOnceAndAnAdminOfAnotherAccountMayNot() {
        String credentialId = activeSymantecUser();
        failFiveTimes(credentialId);
        await().atMost(Duration.ofSeconds(5)).until(() -> "LOCKED".equals(status().path("state").asText()));

        ResponseEntity<JsonNode> stranger = post(userPath("/unlock"), TestJwt.admin("another-account"), Map.of());
        ResponseEntity<JsonNode> portal = post(userPath("/unlock"), TestJwt.portal(), Map.of());
        ResponseEntity<JsonNode> admin = post(userPath("/unlock"), TestJwt.admin(accountId), Map.of());

        assertThat(stranger.getStatusCode().value()).isEqualTo(404);
        assertThat(portal.getStatusCode().value()).isEqualTo(403);
        assertThat(admin.getStatusCode().value()).isEqualTo(200);
        assertThat(admin.getBody().path("state").asText()).isEqualTo("ACTIVE");
        assertThat(topics().awaitEvent(Unlocked.class, userId).by())
                .isEqualTo("admin-" + accountId);
    }

    @Test
    void aSuccessResetsTheStrikesAndStrikesCountAcrossPortalAndVpn() {
        String credentialId = activeSymantecUser();
        for (String channel : new String[] {"PORTAL", "VPN", "PORTAL", "VPN"}) {
            String id = challenge(channel).getBody().path("challengeId").asText();
            respond(id, SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId)));
        }
        assertThat(status().path("consecutiveFailures").asInt()).isEqualTo(4);

        String id = challenge("VPN").getBody().path("challengeId").asText();
        ResponseEntity<JsonNode> right = respond(id, VendorSimulator.currentCode(credentialId));

        assertThat(right.getBody().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void anAdminDeactivatesAndTheUserIsChallengedNoMore() {
        activeSymantecUser();

        ResponseEntity<JsonNode> deactivated = post(userPath("/deactivate"), TestJwt.admin(accountId), Map.of());

        assertThat(deactivated.getStatusCode().value()).isEqualTo(200);
        assertThat(deactivated.getBody().path("state").asText()).isEqualTo("DEACTIVATED");
        assertThat(topics().awaitEvent(Deactivated.class, userId).deactivatedBy())
                .isEqualTo("admin-" + accountId);
        assertThat(challenge("PORTAL").getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void aLockedUserALaterVersionWroteIsLeftForItAndEveryOtherLockStillRunsOut() {
        // as a later version leaves it (a method added since, its instances rolled back): locked, its lock over
        // before any other
        jdbc.update("""
                INSERT INTO user_factor (account_id, user_id, state, type, method, consecutive_failures, locked_until,
                                         updated_at)
                VALUES (?, 'user-of-a-later-version', 'LOCKED', 'PHONEFACTOR', 'PHONE_CALL_HOLOGRAM', 5, ?, now())""",
                accountId, java.sql.Timestamp.from(clock.instant().minusSeconds(3600)));
        try {
            failFiveTimes(activeSymantecUser());
            awaitState("LOCKED");

            clock.advance(Duration.ofMinutes(61));

            assertThat(topics().awaitEvent(Unlocked.class, userId).by()).isEqualTo("TIMER");
            assertThat(jdbc.queryForObject("SELECT state FROM user_factor WHERE account_id = ? "
                    + "AND user_id = 'user-of-a-later-version'", String.class, accountId))
                    .as("left for the version that wrote it").isEqualTo("LOCKED");
        } finally {
            jdbc.update("DELETE FROM user_factor WHERE account_id = ? AND user_id = 'user-of-a-later-version'",
                    accountId);
        }
    }

    @Test
    void aPendingChallengeALaterVersionWroteDoesNotUndoTheFifthStrike() {
        String credentialId = activeSymantecUser();
        UUID later = UUID.randomUUID();
        try {
            // as a later version leaves it (a channel added since, its instances rolled back): pending for this user
            jdbc.update("""
                    INSERT INTO challenge (id, account_id, user_id, channel, type, method, status, created_at,
                                           expires_at, issued_at)
                    VALUES (?, ?, ?, 'KIOSK', 'SYMANTEC_VIP', NULL, 'PENDING', now(), ?, now())""", later, accountId,
                    userId, java.sql.Timestamp.from(clock.instant().plusSeconds(3600)));

            JsonNode fifth = failFiveTimes(credentialId);

            assertThat(fifth.path("status").asText()).as("the fifth strike locks").isEqualTo("LOCKED_OUT");
            assertThat(status().path("state").asText()).isEqualTo("LOCKED");
            assertThat(jdbc.queryForObject("SELECT status FROM challenge WHERE id = ?", String.class, later))
                    .as("left for the version that wrote it").isEqualTo("PENDING");
        } finally {
            jdbc.update("DELETE FROM challenge WHERE id = ?", later);
        }
    }

    @Test
    void aFloodOfSignInsAgainstALockedUserWritesOneRejectionPerChannelAMinute() throws Exception {
        failFiveTimes(activeSymantecUser());

        List<ResponseEntity<JsonNode>> flood = AllAtOnce.times(30, () -> challenge("PORTAL"));

        assertThat(flood).allSatisfy(r -> {
            assertThat(r.getStatusCode().value()).isEqualTo(423);
            assertThat(r.getBody().path("lockedUntil").asText()).isNotBlank();
            assertThat(r.getBody().path("consecutiveFailures").asInt()).isEqualTo(5);
        });
        List<String> ids = flood.stream().map(r -> r.getBody().path("challengeId").asText()).distinct().toList();
        assertThat(ids).as("one REJECTED_LOCKED challenge stands for the flood").hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE account_id = ? AND user_id = ? "
                + "AND outcome = 'REJECTED_LOCKED'", Long.class, accountId, userId)).isEqualTo(1);
        String vpn = challenge("VPN").getBody().path("challengeId").asText();
        assertThat(vpn).as("a channel of its own").isNotEqualTo(ids.get(0));
        // the user's results are published in order: once the VPN one is read, every PORTAL one before it was too
        topics().awaitEvent(ChallengeResult.class, r -> vpn.equals(r.challengeId()));
        assertThatEvents(topics().events()).containsExactlyOne(ChallengeResult.class, r -> userId.equals(r.userId())
                && r.outcome() == ChallengeOutcome.REJECTED_LOCKED && r.channel() == LoginChannel.PORTAL);

        clock.advance(StrikeRules.REJECTION_STANDS.plusSeconds(1));
        ResponseEntity<JsonNode> aMinuteLater = challenge("PORTAL");
        assertThat(aMinuteLater.getStatusCode().value()).isEqualTo(423);
        String later = aMinuteLater.getBody().path("challengeId").asText();
        assertThat(later).as("a minute later, a new one").isNotEqualTo(ids.get(0));
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> later.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.REJECTED_LOCKED);
    }

    @Test
    void aRejectionFromBeforeAnUnlockDoesNotStandForTheNextLock() {
        String credentialId = activeSymantecUser();
        failFiveTimes(credentialId);
        String before = challenge("PORTAL").getBody().path("challengeId").asText();
        assertThat(post(userPath("/unlock"), TestJwt.admin(accountId), Map.of()).getStatusCode().value())
                .isEqualTo(200);
        awaitState("ACTIVE");
        failFiveTimes(credentialId);

        ResponseEntity<JsonNode> afterTheNextLock = challenge("PORTAL");

        assertThat(afterTheNextLock.getStatusCode().value()).isEqualTo(423);
        assertThat(afterTheNextLock.getBody().path("challengeId").asText()).isNotEqualTo(before);
    }

    private JsonNode failFiveTimes(String credentialId) {
        JsonNode last = null;
        for (int i = 1; i <= 5; i++) {
            String id = challenge(i % 2 == 0 ? "VPN" : "PORTAL").getBody().path("challengeId").asText();
            ResponseEntity<JsonNode> answered = respond(id,
                    SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId)));
            assertThat(answered.getStatusCode().value()).isEqualTo(200);
            last = answered.getBody();
            if (i < 5) {
                assertThat(last.path("status").asText()).isEqualTo("FAILED");
                assertThat(last.path("remainingAttempts").asInt()).isEqualTo(5 - i);
            }
        }
        return last;
    }
}
