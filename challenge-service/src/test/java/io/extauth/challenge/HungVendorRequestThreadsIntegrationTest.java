package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.PhoneFactorMethod;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A vendor that hangs holds none of the request threads: its calls wait on the vendor's own threads, answers waiting
 * for a user's attempt in flight wait on none, and the request threads, here fewer than the calls and answers held, go
 * on answering everything else at once.
 */
class HungVendorRequestThreadsIntegrationTest extends IntegrationTestBase {

    static final int REQUEST_THREADS = 4;

    /**
     * Logins held at the gateway: more than the request threads, and two fewer than the gateway's bound, so that a
     * status question of the expiry timer or a cancellation meanwhile (other tests' challenges) refuses none of them.
     */
    private static final int HELD_LOGINS = TELEPHONY_MAX_CALLS_IN_FLIGHT - 2;

    /** Answers of one user at once, five times the request threads. */
    private static final int ANSWERS = 20;

    @Autowired
    WebServerApplicationContext server;

    private @Nullable ThreadPoolExecutor requestThreads;
    private int maxRequestThreads;
    private int coreRequestThreads;

    /**
     * The service's own Tomcat, its request threads cut to {@value #REQUEST_THREADS} for this test (the context is the
     * one every integration test shares; a context of its own would need a broker and consumers of its own).
     */
    @BeforeEach
    void fewRequestThreads() {
        requestThreads = (ThreadPoolExecutor) ((TomcatWebServer) server.getWebServer()).getTomcat().getConnector()
                .getProtocolHandler().getExecutor();
        maxRequestThreads = requestThreads.getMaximumPoolSize();
        coreRequestThreads = requestThreads.getCorePoolSize();
        requestThreads.setCorePoolSize(Math.min(requestThreads.getCorePoolSize(), REQUEST_THREADS));
        requestThreads.setMaximumPoolSize(REQUEST_THREADS);
    }

    @AfterEach
    void asBefore() {
        TestVendors.behave();
        if (requestThreads != null) {
            requestThreads.setMaximumPoolSize(maxRequestThreads);
            requestThreads.setCorePoolSize(coreRequestThreads);
        }
    }

    @Test
    void whileTheGatewayHoldsMoreLoginsThanThereAreRequestThreadsOtherRequestsAreAnsweredAtOnce() throws Exception {
        List<String[]> phoneUsers = new ArrayList<>();
        for (int i = 0; i < HELD_LOGINS; i++) {
            accountId = newAccountId();
            userId = "user-hung-gateway-" + i + "-" + System.nanoTime();
            activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
            phoneUsers.add(new String[] {accountId, userId});
        }
        accountId = newAccountId();
        userId = "user-vip-while-gateway-hangs-" + System.nanoTime();
        activeSymantecUser();
        String symantecAccount = accountId;
        String symantecUser = userId;
        int contactsBefore = TestVendors.contacts();
        ExecutorService signingIn = Executors.newFixedThreadPool(HELD_LOGINS);
        TestVendors.holdContacts();

        List<Future<ResponseEntity<JsonNode>>> held = new ArrayList<>();
        for (String[] user : phoneUsers) {
            held.add(signingIn.submit(() -> post("/api/challenges", TestJwt.portal(),
                    Map.of("accountId", user[0], "userId", user[1], "channel", "PORTAL"))));
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> TestVendors.contacts() - contactsBefore >= HELD_LOGINS);
        accountId = symantecAccount;
        userId = symantecUser;
        long started = System.nanoTime();
        ResponseEntity<JsonNode> symantecLogin = challenge("PORTAL");
        ResponseEntity<JsonNode> read = get("/api/challenges/" + symantecLogin.getBody().path("challengeId").asText(),
                TestJwt.portal());
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
        boolean stillHeld = held.stream().noneMatch(Future::isDone);
        TestVendors.behave();

        assertThat(answeredIn).as(HELD_LOGINS + " logins held at the gateway, " + REQUEST_THREADS
                + " request threads: answered at once, not behind the gateway's read timeout")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(stillHeld).as("the held logins were still waiting for the gateway (a run slow enough for its read "
                + "timeout to end them cannot tell anything)").isTrue();
        assertThat(symantecLogin.getStatusCode().value()).as("a Symantec login while the gateway hangs").isEqualTo(201);
        assertThat(read.getStatusCode().value()).as("reading it").isEqualTo(200);
        for (Future<ResponseEntity<JsonNode>> login : held) {
            assertThat(login.get(30, TimeUnit.SECONDS).getStatusCode().value()).as("a held login, released")
                    .isEqualTo(201);
        }
        signingIn.shutdown();
    }

    @Test
    void whileVipHoldsAUsersAnswerTwentyMoreAnswersOfThatUserWaitWithoutHoldingARequestThread() throws Exception {
        accountId = newAccountId();
        userId = "user-vip-flooded-" + System.nanoTime();
        String credentialId = activeSymantecUser();
        String flooded = challenge("PORTAL").getBody().path("challengeId").asText();
        String floodedAccount = accountId;
        String floodedUser = userId;
        String code = VendorSimulator.currentCode(credentialId); // before the hold: the simulator's VIP is held too
        accountId = newAccountId();
        userId = "user-vip-meanwhile-" + System.nanoTime();
        activeSymantecUser();
        int validationsBefore = TestVendors.validations();
        ExecutorService answering = Executors.newFixedThreadPool(ANSWERS);
        TestVendors.hold();

        List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
        for (int i = 0; i < ANSWERS; i++) {
            answers.add(answering.submit(() -> post("/api/challenges/" + flooded + "/responses", TestJwt.portal(),
                    Map.of("accountId", floodedAccount, "userId", floodedUser, "code", code))));
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> TestVendors.validations() - validationsBefore >= 1);
        long started = System.nanoTime();
        ResponseEntity<JsonNode> otherLogin = challenge("PORTAL");
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
        int validationsWhileHeld = TestVendors.validations() - validationsBefore;
        TestVendors.behave();

        assertThat(answeredIn).as(ANSWERS + " answers of one user while VIP holds the first, " + REQUEST_THREADS
                + " request threads: another user's login answered at once, not behind the waiting answers")
                .isLessThan(Duration.ofMillis(1500));
        assertThat(validationsWhileHeld).as("one answer of the user at VIP at a time").isEqualTo(1);
        assertThat(otherLogin.getStatusCode().value()).isEqualTo(201);
        List<Integer> statuses = new ArrayList<>();
        for (Future<ResponseEntity<JsonNode>> answer : answers) {
            statuses.add(answer.get(30, TimeUnit.SECONDS).getStatusCode().value());
        }
        answering.shutdown();
        // the held validation decides it once released (or, cut at VIP's read timeout first, gives 503 and frees the
        // attempt for the next); the others find it decided
        assertThat(statuses).as("the flood's answers").isSubsetOf(200, 409, 503).containsOnlyOnce(200);
        assertThat(statuses.stream().filter(status -> status == 503)).hasSizeLessThanOrEqualTo(1);
    }
}
