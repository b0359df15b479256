package io.extauth.bench.report;

import io.extauth.bench.system.MemoryPeak;
import io.extauth.bench.system.Startup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Everything one run measured, as written to {@code --out}. */
public record BenchReport(Instant startedAt, Instant finishedAt, boolean smoke, Machine machine,
        Map<String, Object> settings, List<ScenarioResult> scenarios, @Nullable MemoryPeak memory,
        @Nullable Startup startup) {

    /** Where it ran. */
    public record Machine(int cores, String os, String java) {

        public static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        }
    }
}
