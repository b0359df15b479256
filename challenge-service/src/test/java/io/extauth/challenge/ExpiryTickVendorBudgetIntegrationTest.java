package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.PhoneFactorMethod;
import io.extauth.testsupport.VendorSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * The expiry timer asks the telephony gateway about expired PhoneFactor challenges for at most 2 s per tick (and one
 * question past it): a gateway answering each question slowly, but inside its read timeout, held one tick for as long
 * as the whole batch took. The rest are asked in the next ticks; none is lost.
 */
class ExpiryTickVendorBudgetIntegrationTest extends IntegrationTestBase {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(
            ExpiryTickVendorBudgetIntegrationTest.class);
    private static final Duration BUDGET = Duration.ofSeconds(2);
    /** Each question about a contact: well inside the gateway's 5 s read timeout. */
    private static final Duration SLOW_ANSWER = Duration.ofMillis(600);
    private static final int USERS = 8;

    @AfterEach
    void vendorBack() {
        VendorSimulator.faults(0.0, 0, false);
        TestVendors.behave();
    }

    @Test
    void aTickAsksASlowGatewayForAtMostItsBudgetAndLaterTicksDecideTheRest() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            userId = "user-" + UUID.randomUUID();
            activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
            users.add(userId);
        }
        // then, together (a call's challenge ends in 60 s), two ringing calls for each (one open challenge a channel)
        List<String> expired = new ArrayList<>();
        Instant lastEnd = Instant.MIN;
        for (String user : users) {
            userId = user;
            for (String channel : List.of("PORTAL", "VPN")) {
                ResponseEntity<JsonNode> issued = challenge(channel);
                assertThat(issued.getStatusCode().value()).as("challenge on " + channel).isEqualTo(201);
                String id = issued.getBody().path("challengeId").asText();
                VendorSimulator.ringingCall(id);
                expired.add(id);
                Instant end = Instant.parse(issued.getBody().path("expiresAt").asText());
                lastEnd = end.isAfter(lastEnd) ? end : lastEnd;
            }
        }
        assertThat(expired).doesNotHaveDuplicates().hasSize(2 * USERS);
        // every question answered slowly: asked one after another, the batch takes 16 x 600 ms, nearly 10 s
        VendorSimulator.latency(SLOW_ANSWER.toMillis());
        int asked = TestVendors.contactQuestions();

        try (TickWatch ticks = TickWatch.start()) {
            clock.advance(Duration.between(clock.instant(), lastEnd).plusSeconds(1));

            await("every expired challenge decided").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> pending(expired) == 0);
            ticks.awaitIdle();

            Duration longest = ticks.longest();
            log.info("Expiry ticks that asked the gateway: {}", ticks.all());
            Duration allowed = BUDGET.plus(SLOW_ANSWER).plusMillis(1_500);
            assertThat(longest).as("the longest expiry tick (%d ticks asked, %d questions); the budget is %s, one "
                    + "question %s", ticks.count(), TestVendors.contactQuestions() - asked, BUDGET, SLOW_ANSWER)
                    .isLessThan(allowed);
            assertThat(ticks.count()).as("ticks that decided the batch (one cannot ask 16 slow questions in 2 s)")
                    .isGreaterThanOrEqualTo(3);
        }
        assertThat(TestVendors.contactQuestions() - asked).as("each challenge's contact asked about")
                .isGreaterThanOrEqualTo(expired.size());
        assertThat(statuses(expired)).as("nothing lost: each ended on the gateway's word that the call rang")
                .containsOnlyKeys(expired).allSatisfy((id, status) -> assertThat(status).isEqualTo("EXPIRED"));
    }

    private int pending(List<String> ids) {
        return (int) statuses(ids).values().stream().filter("PENDING"::equals).count();
    }

    private Map<String, String> statuses(List<String> ids) {
        Map<String, String> statuses = new HashMap<>();
        for (String id : ids) {
            statuses.put(id, jdbc.queryForObject("SELECT status FROM challenge WHERE id = ?", String.class,
                    UUID.fromString(id)));
        }
        return statuses;
    }

    /**
     * How long each run of an expiry timer's tick took, seen from outside: the scheduler threads' stacks sampled every
     * 10 ms; a thread inside {@code expireUnanswered} of the timer watched ({@code ChallengeExpiryTimer} unless told)
     * in consecutive samples is in one tick (ticks are a second apart). Only the ticks that lasted longer than a few
     * samples are counted: those that asked.
     */
    static final class TickWatch implements AutoCloseable {

        private static final Duration ASKED = Duration.ofMillis(300);

        private final Map<Thread, Long> startedAt = new HashMap<>();
        private final List<Duration> ticks = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;
        private final String timer;

        private TickWatch(String timer) {
            this.timer = "." + timer;
            sampler = new Thread(this::sample, "expiry-tick-watch");
            sampler.setDaemon(true);
            sampler.start();
        }

        static TickWatch start() {
            return start("ChallengeExpiryTimer");
        }

        /** Watches the ticks of the timer class of that simple name. */
        static TickWatch start(String timer) {
            return new TickWatch(timer);
        }

        private void sample() {
            while (running.get()) {
                long now = System.nanoTime();
                synchronized (this) {
                    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                        boolean inTick = inTick(thread.getValue());
                        Long started = startedAt.get(thread.getKey());
                        if (inTick && started == null) {
                            startedAt.put(thread.getKey(), now);
                        } else if (!inTick && started != null) {
                            startedAt.remove(thread.getKey());
                            record(Duration.ofNanos(now - started));
                        }
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private boolean inTick(StackTraceElement[] stack) {
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().endsWith(timer)
                        && frame.getMethodName().equals("expireUnanswered")) {
                    return true;
                }
            }
            return false;
        }

        private void record(Duration tick) {
            if (tick.compareTo(ASKED) > 0) {
                ticks.add(tick);
            }
        }

        /** Until no tick is under way (the last one returns once it decided the last challenge). */
        void awaitIdle() {
            await("the expiry tick under way returned").atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        synchronized (this) {
                            return startedAt.isEmpty();
                        }
                    });
        }

        synchronized Duration longest() {
            long now = System.nanoTime();
            // a tick still under way counts for as long as it has run
            return java.util.stream.Stream.concat(ticks.stream(),
                    startedAt.values().stream().map(started -> Duration.ofNanos(now - started)))
                    .max(Duration::compareTo).orElse(Duration.ZERO);
        }

        synchronized List<Duration> all() {
            return List.copyOf(ticks);
        }

        synchronized int count() {
            return ticks.size();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            sampler.interrupt();
            sampler.join(5_000);
        }
    }
}
