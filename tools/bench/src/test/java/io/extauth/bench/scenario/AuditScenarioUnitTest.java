package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class AuditScenarioUnitTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void theCpuOfAChildThatEndedIsCountedOnceItIsWaitedFor() throws Exception {
        double before = AuditScenario.childrenCpuSeconds();

        Process busy = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
        assertThat(busy.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(AuditScenario.childrenCpuSeconds() - before).isGreaterThan(0.05);
    }
}
