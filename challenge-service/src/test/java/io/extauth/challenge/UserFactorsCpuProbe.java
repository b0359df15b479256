package io.extauth.challenge;

import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.UserFactors;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=UserFactorsCpuProbe}): the CPU the
 * calling thread spends on the two {@code user_factor} statements every factor event of the event path makes (the row
 * created or locked, then saved), against the embedded PostgreSQL, over many warm calls. Prints its numbers;
 * {@code -Dprobe.jfr=file.jfr} also records the warm rounds with JFR's profile settings.
 */
class UserFactorsCpuProbe extends IntegrationTestBase {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Autowired
    UserFactors factors;

    @Test
    void cpuPerLockOrCreateAndSave() throws Exception {
        String jfr = System.getProperty("probe.jfr");
        Recording recording = jfr == null ? null : new Recording(Configuration.getConfiguration("profile"));
        int calls = Integer.getInteger("probe.calls", 20_000);
        Instant now = Instant.now();
        for (int round = 0; round <= 5; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            long startUser = THREADS.getCurrentThreadUserTime();
            for (int i = 0; i < calls; i++) {
                UserFactor factor = factors.lockOrCreate(accountId, userId, now);
                factors.save(factor, now);
            }
            if (round == 0 && recording != null) {
                recording.start();
            }
            if (round > 0) {
                System.out.printf("PROBE round %d: lockOrCreate + save %.1f us CPU on the caller, %.1f us of it in user "
                        + "mode (%d)%n", round, (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / calls,
                        (THREADS.getCurrentThreadUserTime() - startUser) / 1000.0 / calls, calls);
            }
        }
        if (recording != null) {
            recording.dump(Path.of(jfr));
            recording.close();
        }
    }
}
