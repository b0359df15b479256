package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.bench.report.Row;
import io.extauth.bench.stats.Latency;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RampUnitTest {

    private final Ramp ramp = new Ramp(25, 1600, 6, 50);

    @Test
    void theRateDoublesUntilTheMaximumRateOrStepCountIsReached() {
        assertThat(ramp.next(25, 1)).contains(50.0);
        assertThat(ramp.next(800, 5)).contains(1600.0);
        assertThat(ramp.next(1600, 6)).isEmpty();
        assertThat(ramp.next(100, 6)).isEmpty();
    }

    @Test
    void aStepIsSustainedOnlyWhenNearlyAllCompletedWithTheP99UnderTheTarget() {
        assertThat(ramp.judge(step(500, 30), 500).sustained()).isTrue();
        assertThat(ramp.judge(step(500, 80), 500).sustained()).isFalse();
        assertThat(ramp.judge(step(400, 30), 500).sustained()).isFalse();
        assertThat(ramp.judge(step(0, 0), 500).sustained()).isFalse();
    }

    private static Row step(long completed, double p99) {
        Latency latency = completed == 0 ? Latency.NONE : new Latency(completed, p99 / 2, p99, p99, p99, p99 / 2);
        return new Row("step", completed, completed, 0, completed / 10.0, "decisions/s", latency, Map.of());
    }
}
