package io.extauth.challenge.vendor.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A vendor's threads take as much work as its bound and refuse the next at once, counted as the bound counts a call
 * it refuses, instead of queueing it behind a vendor that hangs.
 */
class VendorThreadsUnitTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final VendorCallLimits limits = new VendorCallLimits(meters, EventTracing.NONE);
    private final CountDownLatch vendorAnswers = new CountDownLatch(1);

    @AfterEach
    void shutDown() throws InterruptedException {
        vendorAnswers.countDown();
        limits.destroy();
    }

    @Test
    void workBeyondTheBoundIsRefusedAtOnceAndCountedAndTheThreadsTakeWorkAgainOnceFree() throws Exception {
        VendorThreads threads = limits.of("vip", "vip.max", 2).threads();
        CountDownLatch started = new CountDownLatch(2);
        List<CompletableFuture<String>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(threads.supply(() -> {
                started.countDown();
                waitFor(vendorAnswers);
                return Thread.currentThread().getName();
            }));
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).as("both held calls under way").isTrue();

        assertThatThrownBy(() -> threads.supply(() -> "never run")).isInstanceOf(CallLimitReachedException.class)
                .hasMessageContaining("vip.max");
        assertThatThrownBy(threads::refuseIfFull).isInstanceOf(CallLimitReachedException.class);
        assertThat(meters.get("extauth.vendor.calls.refused").tag("vendor", "vip").counter().count())
                .isEqualTo(2.0);
        assertThat(threads.busy()).isEqualTo(2);

        vendorAnswers.countDown();
        for (CompletableFuture<String> call : held) {
            assertThat(call.get(10, TimeUnit.SECONDS)).startsWith("call-vip-");
        }
        // a place goes back once its future is completed: just after the caller saw the answer
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.busy() == 0);
        threads.refuseIfFull();
        assertThat(threads.supply(() -> "again").get(10, TimeUnit.SECONDS)).isEqualTo("again");
    }

    @Test
    void whatTheWorkThrowsCompletesItsFuture() {
        VendorThreads threads = limits.of("gateway", "gateway.max", 1).threads();

        CompletableFuture<String> failed = threads.supply(() -> {
            throw new IllegalStateException("the vendor said no");
        });

        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("the vendor said no");
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
