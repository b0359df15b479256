package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.JsonNode;

/**
 * What happens around a request's hand-off of its vendor work to the vendor's own threads: the last of those threads
 * taken by another request after the room was checked (a login ends {@code NOT_DELIVERED}, a phone verification is
 * forgotten, both answer {@code 503} at once), and a request whose answer does not come within the asynchronous
 * request timeout (a {@code 503} that says to read before asking again, while its work goes on); and the answer
 * written on the asynchronous dispatch, which the security filter chain does not run on again.
 * <p>
 * The race is made certain, not hoped for: the request under test is held by a database lock of the test's own just
 * after its room check, the last thread is taken meanwhile, then the lock is let go.
 */
class VendorHandOffIntegrationTest extends IntegrationTestBase {

    @Autowired
    DataSource dataSource;
    @Autowired
    RequestMappingHandlerAdapter handlerAdapter;
    @Autowired
    WebServerApplicationContext server;

    private final ExecutorService requests = Executors.newCachedThreadPool();

    @AfterEach
    void asBefore() {
        TestVendors.behave();
        requests.shutdownNow();
    }

    @Test
    void aLoginWhoseLastGatewayThreadWasTakenAfterItsRoomCheckEndsNotDeliveredAtOnceWithNoStrike() throws Exception {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String loginAccount = accountId;
        String loginUser = userId;
        List<String> verifying = verifyingUsers(TELEPHONY_MAX_CALLS_IN_FLIGHT);
        accountId = loginAccount;
        userId = loginUser;
        int contactsBefore = TestVendors.contacts();
        List<Future<ResponseEntity<JsonNode>>> held = new ArrayList<>();

        // no challenge can be written until the lock goes: the login passes its room check, then waits there
        Future<ResponseEntity<JsonNode>> login = racedForTheLastThread("LOCK TABLE challenge IN SHARE ROW EXCLUSIVE "
                + "MODE", "INSERT INTO challenge (", () -> challenge("PORTAL"), verifying, held, contactsBefore);
        ResponseEntity<JsonNode> refused = login.get(30, TimeUnit.SECONDS);
        boolean stillHeld = held.stream().noneMatch(Future::isDone);
        int contactsWhileHeld = TestVendors.contacts() - contactsBefore;
        Map<String, Object> challenge = jdbc.queryForMap("SELECT id, status, outcome FROM challenge "
                + "WHERE account_id = ? AND user_id = ? ORDER BY created_at DESC LIMIT 1", loginAccount, loginUser);
        int deliveriesLeft = jdbc.queryForObject("SELECT count(*) FROM challenge_delivery WHERE challenge_id = ?",
                Integer.class, challenge.get("id"));
        TestVendors.behave();

        assertThat(stillHeld).as("the held calls were still under way when the login went on (a run slow enough for "
                + "the gateway's read timeout to end them cannot tell anything)").isTrue();
        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(refused.getBody().path("type").asText()).isEqualTo("https://extauth.io/problems/vendor-unavailable");
        assertThat(contactsWhileHeld).as("the gateway never asked to call the user").isEqualTo(
                TELEPHONY_MAX_CALLS_IN_FLIGHT);
        assertThat(challenge).as("the challenge, decided when the 503 was answered, not left to a delivery's lease")
                .containsEntry("status", "NOT_DELIVERED").containsEntry("outcome", "NOT_DELIVERED");
        assertThat(deliveriesLeft).as("no delivery left for a worker to take over and call the user later").isZero();
        String challengeId = challenge.get("id").toString();
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        assertThat(jdbc.queryForObject("SELECT consecutive_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, loginAccount, loginUser)).as("strikes").isZero();
        for (Future<ResponseEntity<JsonNode>> call : held) {
            assertThat(call.get(30, TimeUnit.SECONDS).getStatusCode().value()).as("a held verification, released")
                    .isEqualTo(202);
        }
        ResponseEntity<JsonNode> again = challenge("PORTAL");
        assertThat(again.getStatusCode().value()).as("the same login, asked again at once").isEqualTo(201);
        assertThat(VendorSimulator.ringingCall(again.getBody().path("challengeId").asText())).isNotBlank();
    }

    @Test
    void aVerificationWhoseLastGatewayThreadWasTakenAfterItsRoomCheckIsForgottenAndAnswered503() throws Exception {
        List<String> verifying = verifyingUsers(TELEPHONY_MAX_CALLS_IN_FLIGHT);
        accountId = newAccountId();
        userId = "user-handoff-raced-" + System.nanoTime();
        provisioned(AuthType.PHONEFACTOR, null);
        String racedAccount = accountId;
        String racedUser = userId;
        String racedPath = userPath("/phonefactor/phones");
        int contactsBefore = TestVendors.contacts();
        List<Future<ResponseEntity<JsonNode>>> held = new ArrayList<>();

        // the verification checks the gateway's room before it locks its user: it waits for that lock after the check
        Future<ResponseEntity<JsonNode>> raced = racedForTheLastThread("SELECT 1 FROM user_factor WHERE account_id = '"
                + racedAccount + "' AND user_id = '" + racedUser + "' FOR UPDATE", "FROM user_factor",
                () -> verify(racedPath), verifying, held, contactsBefore);
        ResponseEntity<JsonNode> refused = raced.get(30, TimeUnit.SECONDS);
        boolean stillHeld = held.stream().noneMatch(Future::isDone);
        int contactsWhileHeld = TestVendors.contacts() - contactsBefore;
        TestVendors.behave();

        assertThat(stillHeld).as("the held calls were still under way when the verification went on").isTrue();
        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(refused.getBody().path("type").asText()).isEqualTo("https://extauth.io/problems/vendor-unavailable");
        assertThat(contactsWhileHeld).as("the gateway never asked to call the number").isEqualTo(
                TELEPHONY_MAX_CALLS_IN_FLIGHT);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM phone_verification WHERE account_id = ? AND user_id = ?",
                Integer.class, racedAccount, racedUser)).as("no verification left waiting for a call never made")
                .isZero();
        for (Future<ResponseEntity<JsonNode>> call : held) {
            assertThat(call.get(30, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(202);
        }
        accountId = racedAccount;
        userId = racedUser;
        ResponseEntity<JsonNode> again = verify(racedPath);
        assertThat(again.getStatusCode().value()).as("the same verification, asked again").isEqualTo(202);
        assertThat(VendorSimulator.ringingCall(again.getBody().path("verificationId").asText())).isNotBlank();
    }

    @Test
    void aRequestNotAnsweredWithinTheAsyncTimeoutIsA503ThatSaysToReadFirstAndItsWorkGoesOn() throws Exception {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        Object timeout = ReflectionTestUtils.getField(handlerAdapter, "asyncRequestTimeout");
        int contactsBefore = TestVendors.contacts();
        ResponseEntity<JsonNode> timedOut;
        TestVendors.holdContacts();
        try {
            // the context every integration test shares waits 2 min; this request waits 300 ms for the held gateway
            handlerAdapter.setAsyncRequestTimeout(300);
            timedOut = challenge("PORTAL");
        } finally {
            ReflectionTestUtils.setField(handlerAdapter, "asyncRequestTimeout", timeout);
        }
        // the call reaches the gateway at once after the challenge's commit, well within the timeout, on a slow run
        // perhaps just after the answer
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(10))
                .until(() -> TestVendors.contacts() - contactsBefore >= 1);
        int contactsWhileHeld = TestVendors.contacts() - contactsBefore;
        TestVendors.behave();

        assertThat(timedOut.getStatusCode().value()).isEqualTo(503);
        assertThat(timedOut.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(timedOut.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(timedOut.getBody().path("type").asText()).isEqualTo("https://extauth.io/problems/request-timed-out");
        assertThat(timedOut.getBody().path("retryAfterSeconds").asInt()).isEqualTo(5);
        assertThat(contactsWhileHeld).as("the call reached the gateway, once").isEqualTo(1);
        String challengeId = jdbc.queryForObject("SELECT id FROM challenge WHERE account_id = ? AND user_id = ? "
                + "ORDER BY created_at DESC LIMIT 1", String.class, accountId, userId);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(VendorSimulator.ringingCall(challengeId)).as("the call, made once the gateway answered")
                        .isNotBlank());
        ResponseEntity<JsonNode> read = get("/api/challenges/" + challengeId,
                TestJwt.portal());
        assertThat(read.getBody().path("status").asText()).as("what the caller reads, as told").isEqualTo("PENDING");
    }

    @Test
    void anAnswerWrittenOnTheAsynchronousDispatchHasTheSecurityHeadersAndTheChainRunsOnlyAsTheRequestComes() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);

        ResponseEntity<JsonNode> login = challenge("PORTAL"); // answered once the gateway's thread has placed the call

        assertThat(login.getStatusCode().value()).isEqualTo(201);
        assertThat(login.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(login.getHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(login.getHeaders().getFirst("Cache-Control")).contains("no-store");
        Context context = (Context) ((TomcatWebServer) server.getWebServer()).getTomcat().getHost().findChildren()[0];
        FilterMap security = Arrays.stream(context.findFilterMaps())
                .filter(map -> map.getFilterName().equals("springSecurityFilterChain")).findFirst().orElseThrow();
        assertThat(security.getDispatcherNames()).as("the dispatches the security filter chain runs on")
                .contains("REQUEST", "ERROR").doesNotContain("ASYNC");
    }

    private List<String> verifyingUsers(int count) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accountId = newAccountId();
            userId = "user-handoff-verifies-" + i + "-" + System.nanoTime();
            provisioned(AuthType.PHONEFACTOR, null);
            paths.add(userPath("/phonefactor/phones"));
        }
        return paths;
    }

    /**
     * Holds the gateway with all but one of its threads' worth of {@code verifying}'s calls, takes {@code lock} in a
     * transaction of the test's own, starts {@code request} and waits until its statement like {@code waitingStatement}
     * waits for that lock (its room checked, one thread free; the expiry timer's statements may wait there too), has the last verifying user's call take that thread, then lets the lock go. The held calls
     * are added to {@code held}.
     */
    private Future<ResponseEntity<JsonNode>> racedForTheLastThread(String lock, String waitingStatement,
            Callable<ResponseEntity<JsonNode>> request, List<String> verifying,
            List<Future<ResponseEntity<JsonNode>>> held, int contactsBefore) throws Exception {
        TestVendors.holdContacts();
        held.addAll(holdCalls(verifying.subList(0, TELEPHONY_MAX_CALLS_IN_FLIGHT - 1), contactsBefore));
        try (Connection locking = dataSource.getConnection()) {
            locking.setAutoCommit(false);
            int locker;
            try (Statement statement = locking.createStatement()) {
                statement.execute(lock);
                ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()");
                pid.next();
                locker = pid.getInt(1);
            }
            Future<ResponseEntity<JsonNode>> raced = requests.submit(request);
            awaitBlockedBy(locker, waitingStatement);
            held.add(requests.submit(() -> verify(verifying.get(TELEPHONY_MAX_CALLS_IN_FLIGHT - 1))));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> TestVendors.contacts() - contactsBefore == TELEPHONY_MAX_CALLS_IN_FLIGHT);
            locking.commit();
            return raced;
        }
    }

    /** Verifications held at the gateway, one per path, once every one of their calls has reached it. */
    private List<Future<ResponseEntity<JsonNode>>> holdCalls(List<String> paths, int contactsBefore) {
        List<Future<ResponseEntity<JsonNode>>> held = new ArrayList<>();
        for (String path : paths) {
            held.add(requests.submit(() -> verify(path)));
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> TestVendors.contacts() - contactsBefore == paths.size());
        return held;
    }

    /** Waits until a statement like {@code statement} waits for the lock the session {@code locker} holds. */
    private void awaitBlockedBy(int locker, String statement) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid)) AND query ILIKE ?",
                Integer.class, locker, "%" + statement + "%") > 0);
    }

    private ResponseEntity<JsonNode> verify(String phonesPath) {
        return post(phonesPath, TestJwt.portal(), Map.of("slot", "PRIMARY", "countryCode", "1",
                "number", newNationalNumber()));
    }
}
