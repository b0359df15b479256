package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.bench.report.Row;
import io.extauth.bench.stats.Latency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void aClimbDoublesFromTheStartRateAndReportsTheLastStepThatHeldAndWhyItEnded() throws InterruptedException {
        List<String> labels = new ArrayList<>();

        Ramp.Climb climb = ramp.climb(Duration.ofSeconds(10), (step, label, rate) -> {
            labels.add(label);
            return new Ramp.Offered(step(500, rate < 100 ? 30 : 80), 500);
        });

        assertThat(labels).containsExactly("ramp 1: 25/s for 10 s", "ramp 2: 50/s for 10 s", "ramp 3: 100/s for 10 s");
        assertThat(climb.sustainedRate()).isEqualTo(50);
        assertThat(climb.note("decisions")).isEqualTo("ramp: highest sustained rate with p99 under 50 ms: 50 "
                + "decisions/s; ramp 3: 100/s for 10 s did not hold: p99 80 ms over the target of 50 ms");
    }

    @Test
    void aClimbWhoseEveryStepHoldsEndsAtTheLastStep() throws InterruptedException {
        Ramp.Climb climb = new Ramp(25, 100, 6, 50).climb(Duration.ofSeconds(10),
                (step, label, rate) -> new Ramp.Offered(step(500, 30), 500));

        assertThat(climb.sustainedRate()).isEqualTo(100);
        assertThat(climb.end()).startsWith("the ramp's last step held");
    }

    private static Row step(long completed, double p99) {
        Latency latency = completed == 0 ? Latency.NONE : new Latency(completed, p99 / 2, p99, p99, p99, p99 / 2);
        return new Row("step", completed, completed, 0, completed / 10.0, "decisions/s", latency, Map.of());
    }
}
