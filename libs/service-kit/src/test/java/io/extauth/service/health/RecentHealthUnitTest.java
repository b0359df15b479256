package io.extauth.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** An open health endpoint asked in a loop asks the database, the broker and the mail relay once a second at most. */
class RecentHealthUnitTest {

    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final HealthIndicator down = () -> {
        asked.incrementAndGet();
        return Health.down().withDetail("error", "the broker did not answer").build();
    };

    @Test
    void anAnswerIsRememberedForItsMomentThenAskedAgain() {
        HealthIndicator health = RecentHealth.remembered(down, Duration.ofSeconds(1), now::get);

        for (int i = 0; i < 1_000; i++) {
            assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
        }
        assertThat(health.health(false).getDetails()).as("details still left out for a caller without a role")
                .isEmpty();
        assertThat(asked).hasValue(1);

        now.addAndGet(Duration.ofMillis(999).toNanos());
        health.health();
        assertThat(asked).hasValue(1);
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(health.health(true).getDetails()).containsKey("error");
        assertThat(asked).hasValue(2);
    }

    @Test
    void callersThatComeWhileOneIsAskedWaitForItsAnswer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HealthIndicator slow = () -> {
            asked.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Health.up().build();
        };
        HealthIndicator health = RecentHealth.remembered(slow, Duration.ofSeconds(1), System::nanoTime);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Health>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(callers.submit(() -> health.health()));
            }
            Thread.sleep(200);
            release.countDown();
            for (Future<Health> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS).getStatus().getCode()).isEqualTo("UP");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void onceAnAnswerIsKnownCallersThatComeWhileAnotherIsAskedTakeItThenDownAndNeverWait() throws Exception {
        java.util.concurrent.atomic.AtomicReference<CountDownLatch> hold = new java.util.concurrent.atomic
                .AtomicReference<>();
        HealthIndicator slowLater = () -> {
            asked.incrementAndGet();
            CountDownLatch latch = hold.get();
            if (latch != null) {
                try {
                    latch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Health.up().build();
        };
        HealthIndicator health = RecentHealth.remembered(slowLater, Duration.ofSeconds(1), now::get);
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        CountDownLatch release = new CountDownLatch(1);
        hold.set(release);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        ExecutorService asker = Executors.newSingleThreadExecutor();
        try {
            Future<Health> asking = asker.submit(() -> health.health());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 2);

            long start = System.nanoTime();
            Health meanwhile = health.health();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait").isLessThan(Duration.ofSeconds(1));
            assertThat(meanwhile.getStatus().getCode()).as("the last answer").isEqualTo("UP");
            now.addAndGet(RecentHealth.UNANSWERED.toNanos());
            assertThat(health.health().getStatus().getCode()).as("unanswered too long").isEqualTo("DOWN");
            assertThat(asked).as("nobody asked twice").hasValue(2);

            release.countDown();
            assertThat(asking.get(10, TimeUnit.SECONDS).getStatus().getCode()).isEqualTo("UP");
            assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        } finally {
            release.countDown();
            asker.shutdownNow();
        }
    }

    interface Gauged extends HealthIndicator, Runnable {
    }

    @Test
    void whatElseAnIndicatorIsStaysVisibleAndReachesIt() {
        AtomicInteger ran = new AtomicInteger();
        Gauged both = new Gauged() {
            @Override
            public Health health() {
                asked.incrementAndGet();
                return Health.up().build();
            }

            @Override
            public void run() {
                ran.incrementAndGet();
            }
        };

        Object wrapped = RecentHealth.everyIndicator(Duration.ofSeconds(1)).postProcessAfterInitialization(both, "x");

        assertThat(wrapped).as("a MeterBinder stays a MeterBinder").isInstanceOf(Gauged.class);
        ((Runnable) wrapped).run();
        ((HealthIndicator) wrapped).health(true);
        ((HealthIndicator) wrapped).health(false);
        assertThat(ran).hasValue(1);
        assertThat(asked).hasValue(1);
    }

    @Test
    void everyIndicatorOfTheContextIsRememberedAndNothingElseIsTouched() {
        var wrap = RecentHealth.everyIndicator(Duration.ofSeconds(1));

        Object wrapped = wrap.postProcessAfterInitialization(down, "kafkaHealthIndicator");
        assertThat(RecentHealth.isRemembered(wrapped)).isTrue();
        assertThat(wrap.postProcessAfterInitialization(wrapped, "again")).as("wrapped once").isSameAs(wrapped);
        assertThat(wrap.postProcessAfterInitialization("a string", "other")).isEqualTo("a string");
        assertThat(RecentHealth.everyIndicator(Duration.ZERO).postProcessAfterInitialization(down, "db"))
                .isSameAs(down);
    }
}
