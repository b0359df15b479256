package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.Topics;
import io.extauth.testsupport.OversizedRequest;
import io.extauth.testsupport.TopicRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's first finding, replayed on the stack {@code ./extauth up} starts (all services in one JVM): four parallel
 * 400 MB POSTs, unsigned or unparseable, used to run the JVM out of memory and stop the listeners. Now each is
 * answered 413 after at most the body limit was read, and an order placed afterwards still ends in its e-mail.
 */
class HugeRequestsEndToEndTest {

    private static final long FOUR_HUNDRED_MB = 400L * 1024 * 1024;
    private static final String ACCOUNT = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path home;

    private static LocalStack stack;
    private static StackSettings settings;
    private static StackClient client;
    private static TopicRecorder topics;
    private static String adminToken;

    @BeforeAll
    static void startTheStack() {
        settings = new StackSettings(home.resolve("data"), home.resolve("keys"), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), 2);
        stack = new LocalStack(settings);
        stack.start(System.out::println);
        client = new StackClient(settings);
        topics = new TopicRecorder("127.0.0.1:" + settings.kafkaPort(), List.of(Topics.AUTH_EMAIL_SENT));
        adminToken = new JwtKeys(settings.keysDir()).sign(new TokenRequest("admin-1", TokenRequest.Role.ADMIN, ACCOUNT,
                Duration.ofHours(1)));
    }

    @AfterAll
    static void stopTheStack() {
        if (topics != null) {
            topics.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void fourParallelFourHundredMegabytePostsAreEachAnswered413AndAnOrderAfterwardsStillReachesItsEmail()
            throws Exception {
        List<Callable<OversizedRequest.Outcome>> attacks = List.of(
                () -> OversizedRequest.post(settings.challengePort(), "/callbacks/telephony", null, FOUR_HUNDRED_MB,
                        true),
                () -> OversizedRequest.post(settings.challengePort(), "/callbacks/telephony", null, FOUR_HUNDRED_MB,
                        true),
                () -> OversizedRequest.post(settings.challengePort(), "/callbacks/telephony", null, FOUR_HUNDRED_MB,
                        false),
                // two million unknown fields and more, with a valid token: refused as it is read, not parsed whole
                () -> OversizedRequest.post(settings.orderPort(), "/api/orders", adminToken, FOUR_HUNDRED_MB, true));
        ExecutorService attackers = Executors.newFixedThreadPool(attacks.size());
        List<OversizedRequest.Outcome> outcomes = new ArrayList<>();
        try {
            for (Future<OversizedRequest.Outcome> attack : attackers.invokeAll(attacks)) {
                outcomes.add(attack.get());
            }
        } finally {
            attackers.shutdownNow();
        }

        for (OversizedRequest.Outcome outcome : outcomes) {
            assertThat(outcome.status()).as(outcome.answer()).isEqualTo(413);
            assertThat(outcome.bytesSent()).as("bytes the services let the client send")
                    .isLessThan(FOUR_HUNDRED_MB / 8);
        }
        String userId = "after-" + UUID.randomUUID();
        String email = userId + "@example.com";
        client.send("POST", client.order("/api/orders"), adminToken, Map.of("accountId", ACCOUNT, "userId", userId,
                "email", email, "type", "PHONEFACTOR", "msaAcknowledged", true), 202);
        topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", userId);
        JsonNode mail = client.awaitMail(email);
        assertThat(mail.path("subject").asText()).contains("PhoneFactor");
    }
}
