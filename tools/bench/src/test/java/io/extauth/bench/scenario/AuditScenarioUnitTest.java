package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
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
        double before = AuditScenario.ChildrenUsage.now().cpuSeconds();

        Process busy = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
        assertThat(busy.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(AuditScenario.ChildrenUsage.now().cpuSeconds() - before).isGreaterThan(0.05);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aChildThatTouchesMemoryIsCountedWithItsPageFaultsAndItsSystemTime() throws Exception {
        // where every process gets huge pages, the buffer below is 128 faults of 2 MiB, not 65,536 of 4 KiB
        assumeTrue(!Files.isReadable(AuditScenario.TRANSPARENT_HUGE_PAGES)
                || !Files.readString(AuditScenario.TRANSPARENT_HUGE_PAGES).contains("[always]"));
        AuditScenario.ChildrenUsage before = AuditScenario.ChildrenUsage.now();

        // 256 MiB written through: 65,536 pages of 4 KiB the child touches for the first time, each a fault, and
        // each zeroed by the kernel (tens of milliseconds of system time, counted in ticks of 10 ms)
        Process touching = new ProcessBuilder("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(touching.waitFor(60, TimeUnit.SECONDS)).isTrue();

        AuditScenario.ChildrenUsage used = AuditScenario.ChildrenUsage.now().minus(before);
        assertThat(used.minorFaults() + used.majorFaults()).isGreaterThan(32_000);
        assertThat(used.systemSeconds()).isPositive();
    }

    @Test
    void theFieldsAreReadWhereProcSaysTheyAreEvenWhenTheCommandHasSpacesAndParentheses() {
        // fields 1-17 of proc(5)'s stat: pid, (comm), state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt,
        // cminflt, majflt, cmajflt, utime, stime, cutime, cstime
        String stat = "4242 (java (a) b) S 1 4242 4242 0 -1 4194560 900 12345 7 3 250 40 275 50 20 0 30 0\n";

        AuditScenario.ChildrenUsage usage = AuditScenario.ChildrenUsage.parse(stat);

        assertThat(usage).isEqualTo(new AuditScenario.ChildrenUsage(2.75, 0.5, 12_345, 3));
        assertThat(usage.minus(new AuditScenario.ChildrenUsage(0.75, 0.25, 345, 1)))
                .isEqualTo(new AuditScenario.ChildrenUsage(2.0, 0.25, 12_000, 2));
    }

    @Test
    void theHeapIsOnHugePagesOnlyWhereTheKernelGivesThemToWhoAsks(@TempDir Path dir) throws Exception {
        String flag = "-XX:+UseTransparentHugePages";
        Path noBalloon = dir.resolve("no-balloon");
        assertThat(AuditScenario.javaOptions(setting(dir, "always [madvise] never\n"), noBalloon)).endsWith(flag);
        assertThat(AuditScenario.javaOptions(setting(dir, "[always] madvise never\n"), noBalloon)).endsWith(flag);
        assertThat(AuditScenario.javaOptions(setting(dir, "always madvise [never]\n"), noBalloon)).doesNotContain(flag)
                .containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1",
                        "-XX:MaxTenuringThreshold=1");
        assertThat(AuditScenario.javaOptions(dir.resolve("not-linux"), noBalloon)).doesNotContain(flag).hasSize(5);
    }

    /**
     * Not on a virtual machine whose balloon reports free memory to its host (feature bit 5): there every huge page a
     * new heap touches is one the host must back again (issue 14, fifty-second pass).
     */
    @Test
    void theHeapIsNotOnHugePagesWhereTheMachineHandsFreeMemoryBackToItsHost(@TempDir Path dir) throws Exception {
        String flag = "-XX:+UseTransparentHugePages";
        Path madvise = setting(dir, "always [madvise] never\n");

        assertThat(AuditScenario.javaOptions(madvise, balloons(dir, "01100101000000000000000000000000100000\n")))
                .as("bit 5 set: reporting").doesNotContain(flag).hasSize(5);
        assertThat(AuditScenario.javaOptions(madvise, balloons(dir, "01100001000000000000000000000000100000\n")))
                .as("a balloon without reporting").endsWith(flag);
        assertThat(AuditScenario.javaOptions(madvise, balloons(dir, "0110\n"))).as("too short to say").endsWith(flag);
        Path second = balloons(dir, "00000000\n");
        Files.createDirectories(second.resolve("virtio7"));
        Files.writeString(second.resolve("virtio7/features"), "00000100\n");
        assertThat(AuditScenario.javaOptions(madvise, second)).as("any of the balloons").doesNotContain(flag);
        assertThat(AuditScenario.reportsFreeMemory(dir.resolve("none"))).isFalse();
    }

    /** The bench measures the audit as {@code ./extauth audit} starts it: the same options, huge pages aside. */
    @Test
    void theBenchStartsTheAuditWithTheLaunchersOptions(@TempDir Path dir) throws Exception {
        List<String> launcher = Arrays.asList(launcherHeap().replace("$(huge_pages)", "").trim().split(" +"));
        assertThat(AuditScenario.javaOptions(setting(dir, "always madvise [never]"), dir.resolve("no-balloon")))
                .isEqualTo(launcher);
    }

    /**
     * ... and huge pages alike: the launcher's own {@code huge_pages} and {@code reports_free_memory}, taken from
     * {@code ./extauth} and run by bash as the launcher runs them ({@code set -euo pipefail}, inside the audit's
     * {@code heap="..."}), their two paths pointed at these files, on every kernel setting and balloon the bench's
     * choice is tested on.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theLauncherAsksForHugePagesWhereTheBenchDoes(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "bash runs the launcher");
        String script = Files.readString(Path.of("../../extauth"));
        String heap = launcherHeap();
        String functions = function(script, "huge_pages") + function(script, "reports_free_memory");

        int withFlag = 0;
        for (String setting : List.of("always [madvise] never", "[always] madvise never", "always madvise [never]")) {
            for (String features : List.of("01100101", "01100001", "")) {
                Path enabled = setting(dir, setting + "\n");
                Path balloons = features.isEmpty() ? dir.resolve("no-balloon") : balloons(dir, features + "\n");
                String launcherLine = heapLine(functions, heap, enabled, balloons);
                List<String> bench = AuditScenario.javaOptions(enabled, balloons);
                assertThat(launcherLine).as("%s, balloon %s", setting, features).isEqualTo(String.join(" ", bench));
                withFlag += bench.contains("-XX:+UseTransparentHugePages") ? 1 : 0;
            }
        }
        assertThat(withFlag).as("huge pages asked for on the two kernels that give them, without reporting").isEqualTo(4);
    }

    /** The audit's {@code heap="..."} of {@code ./extauth}, {@code $(huge_pages)} and all. */
    private static String launcherHeap() throws Exception {
        String script = Files.readString(Path.of("../../extauth"));
        Matcher audit = Pattern.compile("\n  audit\\).*? heap=\"([^\"]*)\"").matcher(script);
        assertThat(audit.find()).as("the audit's line in ./extauth").isTrue();
        assertThat(audit.group(1)).endsWith("$(huge_pages)");
        return audit.group(1);
    }

    /** The audit's heap line as the launcher's bash makes it, with the two paths of its functions replaced. */
    private static String heapLine(String functions, String heap, Path enabled, Path balloons) throws Exception {
        String pointed = functions.replace("/sys/kernel/mm/transparent_hugepage/enabled", enabled.toString())
                .replace("/sys/bus/virtio/drivers/virtio_balloon", balloons.toString());
        Process bash = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + pointed + "heap=\"" + heap
                + "\"\nprintf %s \"$heap\"").start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as("the launcher's bash, stderr: %s", err).isZero();
        assertThat(err).isEmpty();
        return out;
    }

    /** A bash function of the script, from its name to the closing brace at the start of a line. */
    private static String function(String script, String name) {
        Matcher function = Pattern.compile("(?ms)^" + name + "\\(\\) \\{$.*?^\\}$").matcher(script);
        assertThat(function.find()).as("%s in ./extauth", name).isTrue();
        return function.group() + "\n";
    }

    /** A directory like {@code /sys/bus/virtio/drivers/virtio_balloon} with one balloon of these features. */
    private static Path balloons(Path dir, String features) throws Exception {
        Path driver = Files.createTempDirectory(dir, "virtio_balloon");
        Files.createDirectories(driver.resolve("virtio0"));
        Files.writeString(driver.resolve("virtio0/features"), features);
        Files.writeString(driver.resolve("uevent"), "DRIVER=virtio_balloon\n");
        return driver;
    }

    private static Path setting(Path dir, String content) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "enabled", ""), content);
    }
}
