package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/**
 * Issue 12: no strike the user did not earn. A second instance (C, started in the test on the same database, broker
 * and simulator) dies between reaching the user and recording the challenge as issued, or loses its database
 * connections while it decides; this test's context (A) is the instance that survives.
 */
class NoUnearnedStrikeIntegrationTest extends IntegrationTestBase {

    private static ConfigurableApplicationContext instanceC;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    /** Answers every status as it is: the test asserts on them. */
    private final RestTemplate rest = new RestTemplateBuilder().errorHandler(new ResponseErrorHandler() {
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
    void anInstanceThatDiesBetweenTheCallAndRecordingItLeavesNoStrikeWhenTheChallengeWouldHaveExpired() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        Faults.dieAfterTheNextVendorCall();

        ResponseEntity<JsonNode> died = challengeThroughC("PORTAL");

        assertThat(died.getStatusCode().is2xxSuccessful()).as("the portal saw the request fail").isFalse();
        String crashed = onlyChallengeId();
        assertThat(VendorSimulator.deliveriesFor(crashed)).as("the call went out before the instance died").isEqualTo(1);

        clock.advance(Duration.ofMinutes(2)); // past the call's 60 s and any vendor timeout

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT count(*) FROM challenge WHERE "
                + "account_id = ? AND user_id = ? AND status = 'PENDING'", Integer.class, accountId, userId) == 0);
        assertThat(jdbc.queryForList("SELECT outcome FROM challenge WHERE account_id = ? AND user_id = ?",
                String.class, accountId, userId)).as("nothing decided").doesNotContain("EXPIRED");
        assertThat(status().path("consecutiveFailures").asInt()).as("strikes").isZero();
        // the user's next result is published after anything decided before it (one key, one partition, in order)
        String next = challenge("PORTAL").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(next), "#");
        RecordedEvent passed = topics().awaitEvent(Topics.AUTH_CHALLENGE_RESULT, e -> next.equals(e.text("challengeId")));
        assertThat(passed.text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(topics().events(Topics.AUTH_CHALLENGE_RESULT, e -> crashed.equals(e.text("challengeId"))))
                .as("no result for a challenge never issued").isEmpty();
        assertThat(topics().events(Topics.AUTH_CHALLENGE_ISSUED, e -> crashed.equals(e.text("challengeId"))))
                .isEmpty();
    }

    @Test
    void aCallThatWentOutBeforeTheInstanceDiedCanStillBeAnsweredAndIsAnnouncedOnceWithItsResult() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        Faults.dieAfterTheNextVendorCall();
        assertThat(challengeThroughC("VPN").getStatusCode().is2xxSuccessful()).isFalse();
        String crashed = onlyChallengeId();

        ResponseEntity<JsonNode> retried = challenge("VPN");

        assertThat(retried.getStatusCode().value()).as("the portal's retry gets the call on its way").isEqualTo(200);
        assertThat(retried.getBody().path("challengeId").asText()).isEqualTo(crashed);
        assertThat(VendorSimulator.deliveriesFor(crashed)).as("nothing rings twice").isEqualTo(1);

        VendorSimulator.answer(VendorSimulator.ringingCall(crashed), "#");

        RecordedEvent result = topics().awaitEvent(Topics.AUTH_CHALLENGE_RESULT,
                e -> crashed.equals(e.text("challengeId")));
        assertThat(result.text("outcome")).isEqualTo("SUCCEEDED");
        topics().awaitEvent(Topics.AUTH_CHALLENGE_ISSUED, e -> crashed.equals(e.text("challengeId")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> topics().events(
                Topics.AUTH_CHALLENGE_ISSUED, e -> crashed.equals(e.text("challengeId"))).size() == 1);
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
        assertThat(topics().awaitEvent(Topics.AUTH_CHALLENGE_RESULT, e -> challengeId.equals(e.text("challengeId")))
                .text("outcome")).isEqualTo("SUCCEEDED");
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

        RecordedEvent result = topics().awaitEvent(Topics.AUTH_CHALLENGE_RESULT,
                e -> challengeId.equals(e.text("challengeId")));
        assertThat(result.text("outcome")).isEqualTo("SUCCEEDED");
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
            instanceC = new SpringApplicationBuilder(ChallengeServiceApplication.class, TestClock.class, Faults.class)
                    .run("--server.port=0",
                            "--spring.datasource.url=" + databaseUrl,
                            "--spring.datasource.username=postgres",
                            "--spring.datasource.password=postgres",
                            "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                            "--extauth.vendors.phonefactor.base-url=" + VendorSimulator.baseUrl(),
                            "--extauth.vendors.phonefactor.callback-secret=" + VendorSimulator.CALLBACK_SECRET,
                            "--extauth.callbacks.base-url=http://127.0.0.1:${local.server.port}",
                            "--extauth.vendors.symantec-vip.base-url=" + TestVip.baseUrl(),
                            "--extauth.contacts.phones.test-prefixes=+1555",
                            "--springwolf.enabled=false");
        }
        return instanceC;
    }

    private static String baseUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static HttpHeaders bearer() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.portal());
        return headers;
    }
}
