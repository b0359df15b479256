package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void theHeapIsOnHugePagesOnlyWhereTheKernelGivesThemToWhoAsks(@TempDir Path dir) throws Exception {
        String flag = "-XX:+UseTransparentHugePages";
        assertThat(AuditScenario.javaOptions(setting(dir, "always [madvise] never\n"))).endsWith(flag);
        assertThat(AuditScenario.javaOptions(setting(dir, "[always] madvise never\n"))).endsWith(flag);
        assertThat(AuditScenario.javaOptions(setting(dir, "always madvise [never]\n"))).doesNotContain(flag)
                .containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1",
                        "-XX:MaxTenuringThreshold=1");
        assertThat(AuditScenario.javaOptions(dir.resolve("not-linux"))).doesNotContain(flag).hasSize(5);
    }

    /** The bench measures the audit as {@code ./extauth audit} starts it: the same options, huge pages alike. */
    @Test
    void theBenchStartsTheAuditWithTheLaunchersOptions(@TempDir Path dir) throws Exception {
        String script = Files.readString(Path.of("../../extauth"));
        Matcher audit = Pattern.compile("\n  audit\\).*? heap=\"([^\"]*)\"").matcher(script);
        assertThat(audit.find()).as("the audit's line in ./extauth").isTrue();
        String heap = audit.group(1);
        assertThat(heap).endsWith("$(huge_pages)");
        List<String> launcher = new ArrayList<>(Arrays.asList(heap.replace("$(huge_pages)", "").trim().split(" +")));
        assertThat(AuditScenario.javaOptions(setting(dir, "always madvise [never]"))).isEqualTo(launcher);
        launcher.add("-XX:+UseTransparentHugePages");
        assertThat(script).contains("printf ' %s' '-XX:+UseTransparentHugePages'")
                .as("the launcher asks for them on the same kernel settings as the bench")
                .contains("grep -qE '\\[(always|madvise)\\]' /sys/kernel/mm/transparent_hugepage/enabled");
        assertThat(AuditScenario.javaOptions(setting(dir, "always [madvise] never"))).isEqualTo(launcher);
    }

    private static Path setting(Path dir, String content) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "enabled", ""), content);
    }
}
