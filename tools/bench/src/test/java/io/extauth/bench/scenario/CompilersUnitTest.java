package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warm-up ends with bursts at full speed until the JIT compilers have quietened: as many as it takes and no more,
 * never more than the most allowed, and the note says whether the figures that follow are those of a warm JVM.
 */
class CompilersUnitTest {

    private final List<Integer> bursts = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    @Test
    void burstsUntilTheCompilersTakeLessThanTheSettledShareThenStops() throws InterruptedException {
        String note = shares(0.45, 0.18, 0.06, 0.01).settle("warm-up", 6, 0.10, bursts::add, details);

        assertThat(bursts).containsExactly(1, 2, 3);
        assertThat(details.get("warmupCompilerShares")).isEqualTo(List.of(0.45, 0.18, 0.06));
        assertThat(note).startsWith("warm-up: then 3 burst(s)").contains("45%, 18%, 6%").endsWith("; settled");
    }

    @Test
    void stopsAtTheMostAllowedAndSaysTheFiguresIncludeCompiling() throws InterruptedException {
        String note = shares(0.50, 0.40, 0.30, 0.20).settle("warm-up", 3, 0.10, bursts::add, details);

        assertThat(bursts).containsExactly(1, 2, 3);
        assertThat(note).contains("50%, 40%, 30%").contains("NOT settled");
    }

    @Test
    void oneBurstWhenTheShareCannotBeKnownAndNoneWhenNoneAreAllowed() throws InterruptedException {
        String unknown = Compilers.UNKNOWN.settle("warm-up", 6, 0.10, bursts::add, details);
        assertThat(bursts).containsExactly(1);
        assertThat(unknown).contains("not sampled").contains("one burst");

        bursts.clear();
        String none = shares(0.9).settle("warm-up", 0, 0.10, bursts::add, details);
        assertThat(bursts).isEmpty();
        assertThat(none).contains("no bursts");
    }

    @Test
    void eachShareIsReadOnlyOnceTheCompilersAreQuietAfterItsBurst() throws InterruptedException {
        String note = shares(0.30, 0.05).settle("warm-up", 6, 0.10, bursts::add, details);

        assertThat(quietAfterBurst).containsExactly(1, 2);
        assertThat(drains).allSatisfy(drain -> {
            assertThat(drain.max()).isEqualTo(Compilers.DRAIN);
            assertThat(drain.quietCores()).isEqualTo(Compilers.QUIET_CORES);
        });
        assertThat(details.get("warmupCompilerDrainSeconds")).isEqualTo(List.of(10L, 3L));
        assertThat(note).contains("counts the compiling after it").contains("30%, 5% (waited 10, 3 s after each)")
                .endsWith("; settled");
    }

    private record Drain(Duration max, double quietCores) {
    }

    /** After which burst each wait for quiet compilers came. */
    private final List<Integer> quietAfterBurst = new ArrayList<>();
    private final List<Drain> drains = new ArrayList<>();

    /**
     * A gauge that reports these shares for successive stretches, each measured only after its burst ran and the
     * compilers were awaited quiet after it.
     */
    private Compilers shares(double... shares) {
        Iterator<Double> next = java.util.Arrays.stream(shares).boxed().iterator();
        return new Compilers() {
            @Override
            public Stretch start() {
                int burstsBefore = bursts.size();
                return () -> {
                    assertThat(bursts).as("the share is read after the burst ran").hasSize(burstsBefore + 1);
                    assertThat(quietAfterBurst).as("and after the compilers were awaited quiet after it")
                            .endsWith(burstsBefore + 1);
                    return next.next();
                };
            }

            @Override
            public Duration awaitQuiet(Duration max, double quietCores) {
                quietAfterBurst.add(bursts.size());
                drains.add(new Drain(max, quietCores));
                return bursts.size() == 1 ? Compilers.DRAIN : Duration.ofMillis(2_600);
            }
        };
    }
}
