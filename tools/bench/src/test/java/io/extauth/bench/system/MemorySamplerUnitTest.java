package io.extauth.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class MemorySamplerUnitTest {

    @Test
    void whilePausedNoSampleIsTakenAndAfterResumingTheyAre() throws Exception {
        // this JVM as the stack's, and a port no PostgreSQL listens on
        try (MemorySampler sampler = MemorySampler.start(ProcessHandle.current().pid(), 1)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sampler.peak().samples() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            sampler.pause();
            Thread.sleep(100); // a sample under way when it paused ends
            int paused = sampler.peak().samples();

            Thread.sleep(2_500); // the timer samples every second
            assertThat(sampler.peak().samples()).isEqualTo(paused);
            assertThat(sampler.peak().jvmPeakRssMiB()).isPositive();

            sampler.resume();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sampler.peak().samples() == paused && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sampler.peak().samples()).isGreaterThan(paused);
        }
    }
}
