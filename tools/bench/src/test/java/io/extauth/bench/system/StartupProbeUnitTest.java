package io.extauth.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupProbeUnitTest {

    @Test
    void theReadyLineOfExtauthUpGivesTheStartupSeconds() {
        assertThat(StartupProbe.readySeconds("ready in 51.4 s - Ctrl-C stops everything")).isEqualTo(51.4);
        assertThat(StartupProbe.readySeconds("  the four services       28.8 s")).isNull();
    }

    @Test
    void cpuUseBetweenTwoSnapshotsIsInCoresAndWhatIsNotTheStacksIsEverythingElse() {
        CpuMeter.Snapshot from = new CpuMeter.Snapshot(0, 10, 1, 20, 1.5);
        CpuMeter.Snapshot to = new CpuMeter.Snapshot(10_000_000_000L, 25, 3, 40, 3.0);

        CpuMeter.Usage usage = CpuMeter.between(from, to);

        assertThat(usage.stackJvmCores()).isEqualTo(1.5);
        assertThat(usage.postgresCores()).isEqualTo(0.2);
        assertThat(usage.otherCores()).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(usage.loadAverage()).isEqualTo(3.0);
    }
}
