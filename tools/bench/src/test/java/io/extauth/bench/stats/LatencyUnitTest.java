package io.extauth.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyUnitTest {

    @Test
    void aThousandLatenciesOfOneToAThousandMillisecondsGiveTheirPercentiles() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int ms = 1; ms <= 1000; ms++) {
            recorder.record(0, TimeUnit.MILLISECONDS.toNanos(ms));
        }

        Latency latency = recorder.latency();

        assertThat(latency.count()).isEqualTo(1000);
        assertThat(latency.p50Ms()).isCloseTo(500, within(1.0));
        assertThat(latency.p99Ms()).isCloseTo(990, within(1.0));
        assertThat(latency.p999Ms()).isCloseTo(999, within(1.0));
        assertThat(latency.maxMs()).isCloseTo(1000, within(1.0));
        assertThat(latency.meanMs()).isCloseTo(500.5, within(1.0));
    }

    @Test
    void nothingRecordedIsNoLatencyRatherThanZeros() {
        assertThat(new LatencyRecorder().latency()).isSameAs(Latency.NONE);
    }

    @Test
    void aLatencyBeyondTenMinutesCountsAsTenMinutesInsteadOfFailing() {
        LatencyRecorder recorder = new LatencyRecorder();

        recorder.record(0, TimeUnit.HOURS.toNanos(1));

        assertThat(recorder.latency().maxMs()).isCloseTo(600_000, within(600.0));
    }

    @Test
    void ratesAndSharesAreComputedPerSecond() {
        assertThat(Rate.perSecond(500, TimeUnit.MILLISECONDS.toNanos(250))).isEqualTo(2000);
        assertThat(Rate.perSecond(5, 0)).isZero();
        assertThat(Rate.share(250, 1000)).isEqualTo(0.25);
        assertThat(Rate.share(250, 0)).isNull();
    }
}
