package io.extauth.bench.scenario;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What the scenarios need to know, resolved from the command line (and {@code --smoke}). */
public record BenchSettings(
        String bootstrapServers,
        String orderUrl,
        String challengeUrl,
        String simulatorUrl,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        Path keysDir,
        Duration duration,
        double orderRate,
        int orderBurst,
        int maxBacklog,
        Duration drainTimeout,
        int users,
        double symantecShare,
        double loginRate,
        double wrongShare,
        double wrongStreak,
        int loginConcurrency,
        long auditEvents,
        @Nullable Path auditJar,
        @Nullable String auditBootstrapServers,
        Duration baselineDuration,
        double latencyRate,
        Duration rampStep,
        Ramp orderRamp,
        Ramp loginRamp,
        Duration warmup,
        double warmupRate,
        int warmupBursts,
        double settledJitShare) {

    /** Whether orders and logins first run unmeasured, so the JIT has compiled their paths before any figure. */
    public boolean warmsUp() {
        return !warmup.isZero() && !warmup.isNegative() && warmupRate > 0;
    }
}
