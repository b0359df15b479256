package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.testclock.MutableClock;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/**
 * Issue 12: no strike the user did not earn, and a result for every challenge a caller saw. A second instance (C,
 * started in the test on the same database, broker, simulator and clock) dies just before or just after reaching the
 * user, finds the vendor out of reach, or loses its database connections while it decides; this test's context (A) is
 * the instance that survives.
 */
class NoUnearnedStrikeIntegrationTest extends IntegrationTestBase {

    private static ConfigurableApplicationContext instanceC;
    /** The clock of this test's context, which instance C shares: leases and expiries are on one time line. */
    private static MutableClock sharedClock;
    /** extauth.challenges.delivery.lease's default: how long a dead instance's delivery waits for another. */
    private static final Duration DELIVERY_LEASE = Duration.ofSeconds(6);
    /** A method no version of this service knows: what a later version's row looks like to this one. */
    private static final String HOLOGRAM = "PHONE_CALL_HOLOGRAM";
    private static final String CHANGED_USER = "user-changed-by-a-later-version";

    /**
     * Answers every status as it is, once: the test asserts on them. On the JDK client it was written against (with
     * Apache HttpClient on the class path, the vendor clients', a builder without a factory would take Apache's,
     * whose default retry waits out a 503's Retry-After and asks again: the second answer, not the first).
     */
    private final RestTemplate rest = new RestTemplateBuilder()
            .requestFactoryBuilder(ClientHttpRequestFactoryBuilder.jdk()).errorHandler(new ResponseErrorHandler() {
        @Override
        public boolean hasError(ClientHttpResponse response) {
            return false;
        }
    }).build();

    @AfterEach
    void heal() {
        Faults.heal();
    }

    @AfterAll
    static void stopInstanceC() {
        if (instanceC != null) {
            instanceC.close();
            instanceC = null;
        }
    }

    @Test
    void anInstanceThatDiesAfterTheCommitBeforeCallingLeavesTheCallToAnotherInstanceAfterTheLeaseAndTheAnswerDecides() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        Faults.dieBeforeTheNextVendorCall();

        ResponseEntity<JsonNode> died = challengeThroughC("PORTAL");

        assertThat(died.getStatusCode().is2xxSuccessful()).as("the portal saw the request fail").isFalse();
        String challengeId = onlyChallengeId();
        topics().awaitEvent(ChallengeIssued.class, i -> challengeId.equals(i.challengeId()));
        assertThat(VendorSimulator.deliveriesFor(challengeId)).as("nobody called yet").isZero();
        ResponseEntity<JsonNode> retried = challenge("PORTAL");
        assertThat(retried.getStatusCode().value()).as("the portal's retry, on the other instance").isEqualTo(200);
        assertThat(retried.getBody().path("challengeId").asText()).isEqualTo(challengeId);

        clock.advance(DELIVERY_LEASE.plusSeconds(4)); // the dead instance's lease on the delivery runs out

        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "#");
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(VendorSimulator.deliveriesFor(challengeId)).as("called once").isEqualTo(1);
        assertThatEvents(topics().events()).containsExactlyOne(ChallengeIssued.class,
                i -> challengeId.equals(i.challengeId()));
    }

    @Test
    void aCallThatWentOutBeforeTheInstanceDiedIsTakenOverWithoutRingingTwiceAndItsAnswerDecidesIt() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        Faults.dieAfterTheNextVendorCall();
        assertThat(challengeThroughC("VPN").getStatusCode().is2xxSuccessful()).isFalse();
        String crashed = onlyChallengeId();
        topics().awaitEvent(ChallengeIssued.class, i -> crashed.equals(i.challengeId()));

        clock.advance(DELIVERY_LEASE.plusSeconds(4));

        await("another instance took the delivery over and settled it").atMost(Duration.ofSeconds(20)).until(
                () -> jdbc.queryForObject("SELECT count(*) FROM challenge_delivery WHERE challenge_id = ?::uuid",
                        Integer.class, crashed) == 0);
        assertThat(VendorSimulator.deliveriesFor(crashed)).as("nothing rings twice").isEqualTo(1);
        ResponseEntity<JsonNode> retried = challenge("VPN");
        assertThat(retried.getStatusCode().value()).isEqualTo(200);
        assertThat(retried.getBody().path("challengeId").asText()).isEqualTo(crashed);

        VendorSimulator.answer(VendorSimulator.ringingCall(crashed), "#");

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> crashed.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> assertThatEvents(
                topics().events()).of(ChallengeIssued.class, i -> crashed.equals(i.challengeId())).size() == 1);
    }

    @Test
    void aDeliveryALaterVersionWroteIsLeftForItAndTakesNoOtherDeliveryHostage() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        UUID later = UUID.randomUUID();
        Timestamp aMinuteAgo = Timestamp.from(clock.instant().minusSeconds(60));
        try {
            // as a later version leaves it in a rolling deploy: a challenge by a method this one does not know, its
            // delivery due since a minute (its instance died), older than the one below, so one claim would take both
            pendingChallenge(later, "user-of-a-later-version", "PHONEFACTOR", HOLOGRAM, aMinuteAgo,
                    Timestamp.from(clock.instant().plusSeconds(3600)));
            jdbc.update("""
                    INSERT INTO challenge_delivery (challenge_id, destination, attempts, next_attempt_at, created_at)
                    VALUES (?, '+15550100', 1, ?, ?)""", later, aMinuteAgo, aMinuteAgo);
            Faults.dieAfterTheNextVendorCall();
            assertThat(challengeThroughC("VPN").getStatusCode().is2xxSuccessful()).isFalse();
            String crashed = onlyChallengeId();

            clock.advance(DELIVERY_LEASE.plusSeconds(4));

            await("another instance took the delivery over and settled it").atMost(Duration.ofSeconds(20)).until(
                    () -> jdbc.queryForObject("SELECT count(*) FROM challenge_delivery WHERE challenge_id = ?::uuid",
                            Integer.class, crashed) == 0);
            assertThat(jdbc.queryForMap("SELECT attempts, lease_until FROM challenge_delivery WHERE challenge_id = ?",
                    later)).as("never claimed").containsEntry("attempts", 1).containsEntry("lease_until", null);
        } finally {
            jdbc.update("DELETE FROM challenge WHERE id = ?", later); // its delivery with it
        }
    }

    @Test
    void aDeliveryThatFailsEveryTimeIsPutOffAMinuteThenTwiceAsLongInsteadOfClaimedAgainAfterEachLease() {
        UUID stuck = UUID.randomUUID();
        Timestamp anHourAgo = Timestamp.from(clock.instant().minusSeconds(3600));
        try {
            // as a later version leaves a user (a method added since, its instances rolled back), with a challenge
            // this version can read, over, its delivery due: deciding it NOT_DELIVERED reads the user's row, which
            // this version cannot, so the work throws every time
            userOfALaterVersion("ACTIVE");
            pendingChallenge(stuck, CHANGED_USER, "PHONEFACTOR", "PHONE_CALL_STANDARD", anHourAgo, anHourAgo);
            jdbc.update("""
                    INSERT INTO challenge_delivery (challenge_id, destination, attempts, next_attempt_at, created_at)
                    VALUES (?, '+15550100', 0, ?, ?)""", stuck, anHourAgo, anHourAgo);

            await("claimed, failed and put off").atMost(Duration.ofSeconds(20)).until(() -> putOff(stuck, 1));
            assertThat(nextAttemptOf(stuck)).as("put off a minute")
                    .isAfter(clock.instant().plus(Duration.ofSeconds(50)));
            clock.advance(DELIVERY_LEASE.plusSeconds(4)); // when its lease would have run out
            await("not claimed again after a lease").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> putOff(stuck, 1));
            clock.advance(Duration.ofMinutes(1));
            await("claimed again a minute later, and put off again").atMost(Duration.ofSeconds(20))
                    .until(() -> putOff(stuck, 2));
            assertThat(nextAttemptOf(stuck)).as("twice as long").isAfter(clock.instant().plus(Duration.ofSeconds(110)));
        } finally {
            jdbc.update("DELETE FROM challenge WHERE id = ?", stuck); // its delivery with it
            forgetUserOfALaterVersion();
        }
    }

    /** Whether the delivery was claimed {@code attempts} times and is put off now, its lease let go. */
    private boolean putOff(UUID challengeId, int attempts) {
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT attempts, lease_token, next_attempt_at > ? AS later FROM challenge_delivery
                WHERE challenge_id = ?""", Timestamp.from(clock.instant()), challengeId);
        return ((Number) row.get("attempts")).intValue() == attempts && row.get("lease_token") == null
                && Boolean.TRUE.equals(row.get("later"));
    }

    private Instant nextAttemptOf(UUID challengeId) {
        return jdbc.queryForObject("SELECT next_attempt_at FROM challenge_delivery WHERE challenge_id = ?",
                Timestamp.class, challengeId).toInstant();
    }

    @Test
    void anOpenChallengeALaterVersionWroteMakesTheUsersSignInsWaitForItInsteadOfFailing() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        UUID later = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            // as a later version leaves it (a method added since, its instances rolled back): open another minute
            pendingChallenge(later, userId, "PHONEFACTOR", HOLOGRAM, Timestamp.from(now),
                    Timestamp.from(now.plusSeconds(60)));
            int contactsBefore = TestVendors.contacts();

            ResponseEntity<JsonNode> refused = challenge("PORTAL");

            assertThat(refused.getStatusCode().value()).as("told to wait, not a 500").isEqualTo(409);
            assertThat(refused.getBody().path("type").asText()).endsWith("/challenge-in-progress");
            assertThat(Long.parseLong(refused.getHeaders().getFirst("Retry-After"))).isBetween(1L, 61L);
            assertThat(refused.getBody().has("challengeId")).as("nothing of the other challenge").isFalse();
            assertThat(TestVendors.contacts()).as("nobody called").isEqualTo(contactsBefore);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE account_id = ? AND user_id = ?",
                    Integer.class, accountId, userId)).as("no second challenge beside it").isEqualTo(1);
        } finally {
            jdbc.update("DELETE FROM challenge WHERE id = ?", later);
        }
    }

    @Test
    void aChallengeALaterVersionWroteIsLeftForItAndEveryOtherChallengeStillExpires() {
        activatePhoneFactor(PhoneFactorMethod.APP_STANDARD);
        UUID later = UUID.randomUUID();
        Timestamp anHourAgo = Timestamp.from(clock.instant().minusSeconds(3600));
        try {
            // as a later version leaves it (a method added since, its instances rolled back): over before any
            // other, its user reached, nothing left to deliver
            pendingChallenge(later, "user-of-a-later-version", "PHONEFACTOR", HOLOGRAM, anHourAgo, anHourAgo);

            assertThat(aChallengeLeftUnansweredExpires()).isEqualTo(ChallengeOutcome.EXPIRED);
            assertThat(jdbc.queryForObject("SELECT status FROM challenge WHERE id = ?", String.class, later))
                    .as("left for the version that wrote it").isEqualTo("PENDING");
        } finally {
            jdbc.update("DELETE FROM challenge WHERE id = ?", later);
        }
    }

    @Test
    void aChallengeWhoseUserALaterVersionChangedDoesNotHoldUpTheExpiryOfTheOthers() {
        activatePhoneFactor(PhoneFactorMethod.APP_STANDARD);
        UUID stuck = UUID.randomUUID();
        Timestamp anHourAgo = Timestamp.from(clock.instant().minusSeconds(3600));
        try {
            // as a later version leaves a user (a method added since, its instances rolled back), with a challenge
            // this version can read, over before any other: deciding it reads the user's row, which it cannot
            userOfALaterVersion("ACTIVE");
            pendingChallenge(stuck, CHANGED_USER, "SYMANTEC_VIP", null, anHourAgo, anHourAgo);

            assertThat(aChallengeLeftUnansweredExpires()).isEqualTo(ChallengeOutcome.EXPIRED);
            assertThat(jdbc.queryForObject("SELECT status FROM challenge WHERE id = ?", String.class, stuck))
                    .isEqualTo("PENDING");
        } finally {
            jdbc.update("DELETE FROM challenge WHERE id = ?", stuck);
            forgetUserOfALaterVersion();
        }
    }

    @Test
    void aVerificationWhoseUserALaterVersionChangedDoesNotHoldUpTheExpiryOfTheOthers() {
        UUID stuck = UUID.randomUUID();
        Timestamp anHourAgo = Timestamp.from(clock.instant().minusSeconds(3600));
        try {
            userOfALaterVersion("PROVISIONED");
            jdbc.update("""
                    INSERT INTO phone_verification (id, account_id, user_id, slot, phone, country_code, phone_masked,
                                                    status, created_at, expires_at)
                    VALUES (?, ?, ?, 'PRIMARY', '+15550100', '1', '+1 ***-***-0100', 'CALLING', ?, ?)""", stuck,
                    accountId, CHANGED_USER, anHourAgo, anHourAgo);
            provisioned(AuthType.PHONEFACTOR, null);
            ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                    Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
            String verificationId = started.getBody().path("verificationId").asText();

            clock.advance(Duration.ofSeconds(61)); // the call unanswered past extauth.challenges.verification-timeout

            await("the unanswered verification is decided").atMost(Duration.ofSeconds(30)).until(() -> get(
                    userPath("/phonefactor/phones/verifications/" + verificationId), TestJwt.portal()).getBody()
                    .path("status").asText().equals("FAILED"));
            assertThat(jdbc.queryForObject("SELECT status FROM phone_verification WHERE id = ?", String.class, stuck))
                    .isEqualTo("CALLING");
        } finally {
            jdbc.update("DELETE FROM phone_verification WHERE id = ?", stuck);
            forgetUserOfALaterVersion();
        }
    }

    private void pendingChallenge(UUID id, String user, String type, @Nullable String method, Timestamp createdAt,
            Timestamp expiresAt) {
        jdbc.update("""
                INSERT INTO challenge (id, account_id, user_id, channel, type, method, status, created_at, expires_at,
                                       issued_at)
                VALUES (?, ?, ?, 'PORTAL', ?, ?, 'PENDING', ?, ?, ?)""", id, accountId, user, type, method, createdAt,
                expiresAt, createdAt);
    }

    private void userOfALaterVersion(String state) {
        jdbc.update("""
                INSERT INTO user_factor (account_id, user_id, state, type, method, updated_at)
                VALUES (?, ?, ?, 'PHONEFACTOR', ?, now())""", accountId, CHANGED_USER, state, HOLOGRAM);
    }

    private void forgetUserOfALaterVersion() {
        jdbc.update("DELETE FROM user_factor WHERE account_id = ? AND user_id = ?", accountId, CHANGED_USER);
    }

    /** The outcome of a challenge of the test's user that nobody answers, once its time is up. */
    private ChallengeOutcome aChallengeLeftUnansweredExpires() {
        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        String challengeId = issued.getBody().path("challengeId").asText();
        Instant expiresAt = Instant.parse(issued.getBody().path("expiresAt").asText());
        clock.advance(Duration.between(clock.instant(), expiresAt).plusSeconds(1));
        return topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome();
    }

    @Test
    void aChallengeNobodyCouldDeliverBeforeItWasOverEndsNotDeliveredWithNoStrikeAndTheUserMayAskAgain() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        Faults.dieBeforeTheNextVendorCall();
        assertThat(challengeThroughC("PORTAL").getStatusCode().is2xxSuccessful()).isFalse();
        String lost = onlyChallengeId();

        clock.advance(Duration.ofMinutes(2)); // every instance was down past the call's 60 s

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> lost.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(result.consecutiveFailures()).isZero();
        assertThat(result.remainingAttempts()).isEqualTo(5);
        assertThat(VendorSimulator.deliveriesFor(lost)).as("too late to ring").isZero();
        assertThat(status().path("consecutiveFailures").asInt()).as("strikes").isZero();
        assertThat(status().path("state").asText()).isEqualTo("ACTIVE");
        ResponseEntity<JsonNode> again = challenge("PORTAL");
        assertThat(again.getStatusCode().value()).isEqualTo(201);
        assertThat(again.getBody().path("challengeId").asText()).isNotEqualTo(lost);
    }

    @Test
    void aVendorOutOfReachIs503AndEndsTheChallengeNotDeliveredWithItsResultNoStrikeAndANewChallengeAtOnce() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        Faults.vendorUnavailableForTheNextCall();

        ResponseEntity<JsonNode> failed = challengeThroughC("PORTAL");

        assertThat(failed.getStatusCode().value()).isEqualTo(503);
        assertThat(failed.getHeaders().getFirst("Retry-After")).isNotBlank();
        assertThat(failed.getBody().path("type").asText()).isEqualTo("https://extauth.io/problems/vendor-unavailable");
        String undelivered = onlyChallengeId();
        topics().awaitEvent(ChallengeIssued.class, i -> undelivered.equals(i.challengeId()));
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> undelivered.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(result.consecutiveFailures()).isZero();
        assertThat(result.remainingAttempts()).isEqualTo(5);
        assertThat(status().path("consecutiveFailures").asInt()).as("strikes").isZero();
        assertThat(status().path("state").asText()).isEqualTo("ACTIVE");

        ResponseEntity<JsonNode> again = challengeThroughC("PORTAL");

        assertThat(again.getStatusCode().value()).as("the undelivered challenge is not open").isEqualTo(201);
        String next = again.getBody().path("challengeId").asText();
        assertThat(next).isNotEqualTo(undelivered);
        VendorSimulator.answer(VendorSimulator.ringingCall(next), "#");
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> next.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(assertThatEvents(topics().events()).of(ChallengeResult.class,
                r -> undelivered.equals(r.challengeId()))).as("one result").hasSize(1);
    }

    @Test
    void aDatabaseBlipWhileACodeIsDecidedIs503WithRetryAfterNoStrikeAndTheSameCodeSucceedsAfterwards() {
        String credentialId = activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        Faults.loseConnections(1, 10); // the challenge is found; every connection the decision takes is lost

        ResponseEntity<JsonNode> failed = respondThroughC(challengeId, VendorSimulator.currentCode(credentialId));

        Faults.heal();
        assertThat(failed.getStatusCode().value()).isEqualTo(503);
        assertThat(failed.getHeaders().getFirst("Retry-After")).isNotBlank();
        assertThat(failed.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(failed.getBody().path("type").asText()).isEqualTo(
                "https://extauth.io/problems/database-unavailable");
        assertThat(status().path("consecutiveFailures").asInt()).as("strikes").isZero();
        assertThat(get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("PENDING");

        ResponseEntity<JsonNode> answered = respondThroughC(challengeId, VendorSimulator.currentCode(credentialId));

        assertThat(answered.getStatusCode().value()).isEqualTo(200);
        assertThat(answered.getBody().path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aDatabaseBlipAfterVipJudgedTheCodeIsRetriedWithThatVerdictSoTheRightCodeSucceedsAtOnce() {
        String credentialId = activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        // the challenge is found, an attempt reserved, VIP says valid: the connection to record it is lost
        Faults.loseConnections(2, 1);

        ResponseEntity<JsonNode> answered = respondThroughC(challengeId, VendorSimulator.currentCode(credentialId));

        assertThat(answered.getStatusCode().value()).isEqualTo(200);
        assertThat(answered.getBody().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);
    }

    @Test
    void aDatabaseBlipWhileACallbackIsDecidedIsRetriedSoTheAnswerCountsOnce() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        ResponseEntity<JsonNode> issued = challengeThroughC("PORTAL"); // the gateway calls C back
        assertThat(issued.getStatusCode().value()).isEqualTo(201);
        String challengeId = issued.getBody().path("challengeId").asText();
        // the signature is remembered, the reference looked up: the connection that decides is lost
        Faults.loseConnections(2, 1);

        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "#");

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String onlyChallengeId() {
        return jdbc.queryForObject("SELECT id::text FROM challenge WHERE account_id = ? AND user_id = ?",
                String.class, accountId, userId);
    }

    private ResponseEntity<JsonNode> challengeThroughC(String channel) {
        return rest.exchange(baseUrl(instanceC()) + "/api/challenges", HttpMethod.POST, new HttpEntity<>(Map.of(
                "accountId", accountId, "userId", userId, "channel", channel), bearer()), JsonNode.class);
    }

    private ResponseEntity<JsonNode> respondThroughC(String challengeId, String code) {
        return rest.exchange(baseUrl(instanceC()) + "/api/challenges/" + challengeId + "/responses", HttpMethod.POST,
                new HttpEntity<>(Map.of("accountId", accountId, "userId", userId, "code", code), bearer()),
                JsonNode.class);
    }

    /** The instance that dies or loses its connections: same database, broker, simulator and clock; its own port. */
    private ConfigurableApplicationContext instanceC() {
        if (instanceC == null) {
            sharedClock = clock;
            instanceC = anotherInstance(List.of(SharedClock.class, Faults.class),
                    "--extauth.vendors.symantec-vip.base-url=" + TestVendors.baseUrl(),
                    "--extauth.contacts.phones.test-prefixes=+1555");
        }
        return instanceC;
    }

    /** Instance C's clock is this test context's: a lease C writes runs out when the test moves the clock. */
    static class SharedClock {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return sharedClock;
        }
    }

    private static HttpHeaders bearer() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.portal());
        return headers;
    }
}
