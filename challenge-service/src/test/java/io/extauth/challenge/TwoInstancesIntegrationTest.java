package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Unlocked;
import io.extauth.messaging.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.ResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/**
 * Two challenge-service instances in one consumer group on one database: this test's context (A) and a second
 * application (B) started in the test. Fifty wrong answers per user at the same moment, and an instance killed
 * between a decision and its publication.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIntegrationTest extends IntegrationTestBase {

    private static final int ANSWERS = 50;
    private static ConfigurableApplicationContext instanceB;

    @Autowired
    OutboxRelay relayA;
    @Autowired
    MeterRegistry metersA;

    /** Answers every status as it is (4xx included): the test asserts on them. */
    private final RestTemplate rest = new RestTemplateBuilder()
            // bytes for the signed callbacks; JSON read into Jackson 3 trees
            .messageConverters(new ByteArrayHttpMessageConverter(), new StringHttpMessageConverter(),
                    new JacksonJsonHttpMessageConverter())
            .errorHandler(new ResponseErrorHandler() {
        @Override
        public boolean hasError(ClientHttpResponse response) {
            return false;
        }
    }).build();

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.close();
            instanceB = null;
        }
    }

    @Test
    @Order(1)
    void fiftyWrongAnswersAtOnceThroughTwoInstancesStrikeExactlyFiveTimesLockOnceAndCheckNothingAfterTheLock()
            throws Exception {
        String urlA = http.getRootUri();
        String urlB = baseUrl(instanceB());
        String symantecUser = userId;
        String credentialId = activeSymantecUser();
        String wrongCode = SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId));
        userId = "user-" + java.util.UUID.randomUUID();
        String phoneUser = userId;
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        List<String> symantecChallenges = pending(symantecUser, "SYMANTEC_VIP", null);
        List<String> phoneChallenges = pending(phoneUser, "PHONEFACTOR", PhoneFactorMethod.PHONE_CALL_STANDARD);
        double checkedBefore = answersChecked();

        List<Supplier<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < ANSWERS; i++) {
            String target = i % 2 == 0 ? urlA : urlB;
            String symantecChallenge = symantecChallenges.get(i);
            String phoneChallenge = phoneChallenges.get(i);
            String callId = "call-" + i;
            answers.add(() -> rest.exchange(target + "/api/challenges/" + symantecChallenge + "/responses",
                    HttpMethod.POST, new HttpEntity<>(Map.of("accountId", accountId, "userId", symantecUser, "code",
                            wrongCode), bearer()), JsonNode.class).getStatusCode().value());
            answers.add(() -> signedCallback(rest, target, Map.of("kind", "CALL", "id", callId, "reference",
                    phoneChallenge, "status", "ANSWERED", "keys", "1#", "reportFraud", false)).getStatusCode().value());
        }
        List<Integer> statuses = AllAtOnce.all(answers);

        assertThat(statuses).as("HTTP 200/423 for codes, 204 for callbacks").allMatch(s -> s == 200 || s == 423
                || s == 204);
        for (String user : List.of(symantecUser, phoneUser)) {
            List<ChallengeResult> results = await().atMost(Duration.ofSeconds(60)).until(
                    () -> assertThatEvents(topics().events()).of(ChallengeResult.class, r -> user.equals(r.userId())),
                    found -> found.size() >= ANSWERS);
            assertThat(results).hasSize(ANSWERS);
            assertThat(outcomes(results, ChallengeOutcome.FAILED)).extracting(ChallengeResult::consecutiveFailures)
                    .containsExactlyInAnyOrder(1, 2, 3, 4);
            List<ChallengeResult> lockedOut = outcomes(results, ChallengeOutcome.LOCKED_OUT);
            assertThat(lockedOut).as("exactly one LOCKED_OUT for " + user).hasSize(1);
            assertThat(lockedOut.get(0).consecutiveFailures()).isEqualTo(5);
            assertThat(lockedOut.get(0).remainingAttempts()).isZero();
            Instant lockedAt = lockedOut.get(0).decidedAt();
            Instant lockedUntil = lockedOut.get(0).lockedUntil();
            assertThat(lockedUntil).isNotNull();
            List<ChallengeResult> rejected = outcomes(results, ChallengeOutcome.REJECTED_LOCKED);
            assertThat(rejected).hasSize(ANSWERS - 5).allSatisfy(r -> {
                assertThat(r.decidedAt()).isAfterOrEqualTo(lockedAt);
                assertThat(r.consecutiveFailures()).isEqualTo(5);
                assertThat(r.lockedUntil()).isEqualTo(lockedUntil);
            });
            assertThat(results).extracting(ChallengeResult::challengeId).doesNotHaveDuplicates();

            assertThat(jdbc.queryForMap("SELECT state, consecutive_failures FROM user_factor WHERE account_id = ? "
                    + "AND user_id = ?", accountId, user)).containsEntry("state", "LOCKED")
                    .containsEntry("consecutive_failures", 5);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_history WHERE account_id = ? AND user_id = ?"
                    + " AND to_state = 'LOCKED'", Integer.class, accountId, user)).isEqualTo(1);
            assertThat(jdbc.queryForList("SELECT outcome FROM challenge WHERE account_id = ? AND user_id = ? AND "
                    + "created_at >= ?", String.class, accountId, user, java.sql.Timestamp.from(lockedAt.minus(
                            Duration.ofMinutes(10))))).doesNotContainNull().hasSize(ANSWERS);
        }
        assertThat(answersChecked() - checkedBefore).as("answers checked by both instances: five per user, none after "
                + "the lock").isEqualTo(10.0);

        clock.advance(Duration.ofMinutes(61));

        for (String user : List.of(symantecUser, phoneUser)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(jdbc.queryForObject(
                    "SELECT state FROM user_factor WHERE account_id = ? AND user_id = ?", String.class, accountId,
                    user)));
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> List.of(symantecUser,
                phoneUser).stream().allMatch(user -> assertThatEvents(topics().events())
                        .of(Unlocked.class, u -> user.equals(u.userId())).size() == 1));
        assertThat(assertThatEvents(topics().events()).containsExactlyOne(Unlocked.class,
                u -> phoneUser.equals(u.userId())).by()).isEqualTo("TIMER");
    }

    @Test
    @Order(2)
    void anInstanceKilledBetweenTheDecisionAndItsPublicationLosesNoResultAndAnotherPublishesItOnce() {
        ConfigurableApplicationContext doomed = instanceB();
        String urlB = baseUrl(doomed);
        String credentialId = activeSymantecUser();
        for (int i = 0; i < 4; i++) {
            String id = challenge("PORTAL").getBody().path("challengeId").asText();
            assertThat(respond(id, SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId)))
                    .getBody().path("status").asText()).isEqualTo("FAILED");
        }
        String fifth = challenge("VPN").getBody().path("challengeId").asText();
        // the four results are out before the relays stop (on a loaded machine the last may still wait in the outbox)
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM outbox WHERE "
                + "event_key = ? AND event_type = 'ChallengeResult'", Integer.class, userId) == 0);
        relayA.stop();
        doomed.getBean(OutboxRelay.class).stop();
        try {
            ResponseEntity<JsonNode> decided = rest.exchange(urlB + "/api/challenges/" + fifth + "/responses",
                    HttpMethod.POST, new HttpEntity<>(Map.of("accountId", accountId, "userId", userId, "code",
                            SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId))), bearer()),
                    JsonNode.class);
            assertThat(decided.getBody().path("status").asText()).isEqualTo("LOCKED_OUT");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = "
                    + "'ChallengeResult'", Integer.class, userId)).as("decided and committed, not yet published")
                    .isEqualTo(1);

            doomed.close(); // B dies with the result in the outbox
            instanceB = null;
            assertThatEvents(topics().events()).containsNone(ChallengeResult.class,
                    r -> fifth.equals(r.challengeId()));
        } finally {
            relayA.start();
        }

        ChallengeResult published = topics().awaitEvent(ChallengeResult.class, r -> fifth.equals(r.challengeId()));
        assertThat(published.outcome()).isEqualTo(ChallengeOutcome.LOCKED_OUT);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> assertThatEvents(
                topics().events()).of(ChallengeResult.class, r -> fifth.equals(r.challengeId())).size() == 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key = ?", Integer.class, userId))
                .isZero();

        clock.advance(Duration.ofMinutes(61));
        awaitState("ACTIVE");
        assertThat(topics().awaitEvent(Unlocked.class, userId).by()).isEqualTo("TIMER");
    }

    @Test
    @Order(0)
    void fortyChallengesAtOnceThroughTwoInstancesRingOnce() throws Exception {
        String urlA = http.getRootUri();
        String urlB = baseUrl(instanceB());
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        List<Supplier<Integer>> requests = new ArrayList<>();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 40; i++) {
            String target = i % 2 == 0 ? urlA : urlB;
            requests.add(() -> {
                ResponseEntity<JsonNode> issued = rest.exchange(target + "/api/challenges", HttpMethod.POST,
                        new HttpEntity<>(Map.of("accountId", accountId, "userId", userId, "channel", "VPN"),
                                bearer()), JsonNode.class);
                ids.add(issued.getBody().path("challengeId").asText());
                return issued.getStatusCode().value();
            });
        }

        List<Integer> statuses = AllAtOnce.all(requests);

        assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
        assertThat(ids).hasSize(40).containsOnly(ids.get(0));
        assertThat(VendorSimulator.deliveriesFor(ids.get(0))).isEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** The second instance: same database, broker, consumer group, simulator and clock; its own port. */
    private ConfigurableApplicationContext instanceB() {
        if (instanceB == null) {
            instanceB = anotherInstance(List.of(TestClock.class));
        }
        return instanceB;
    }

    /**
     * Fifty pending challenges for one user, written straight into the table: through the API a user has one open
     * challenge per channel (asking again returns it), so fifty at once exist only as a test's arrangement.
     */
    private List<String> pending(String user, String type, PhoneFactorMethod method) {
        List<String> ids = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 0; i < ANSWERS; i++) {
            java.util.UUID id = java.util.UUID.randomUUID();
            jdbc.update("""
                    INSERT INTO challenge (id, account_id, user_id, channel, type, method, status, created_at,
                      expires_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)""", id, accountId, user,
                    i % 3 == 0 ? "VPN" : "PORTAL", type, method == null ? null : method.name(),
                    java.sql.Timestamp.from(now), java.sql.Timestamp.from(now.plus(Duration.ofMinutes(10))));
            ids.add(id.toString());
        }
        return ids;
    }

    private double answersChecked() {
        double b = instanceB == null ? 0
                : instanceB.getBean(MeterRegistry.class).counter("extauth.challenges.answers.checked").count();
        return metersA.counter("extauth.challenges.answers.checked").count() + b;
    }

    private static List<ChallengeResult> outcomes(List<ChallengeResult> results, ChallengeOutcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).toList();
    }

    private static HttpHeaders bearer() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.portal());
        return headers;
    }
}
