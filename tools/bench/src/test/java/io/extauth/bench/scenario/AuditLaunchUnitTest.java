package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, seventh pass: the bench starts the audit as {@code ./extauth audit} does — extracted, with the class-data
 * archive a first audit of the build writes — not the nested jar. The child JVMs are faked here: each call is recorded,
 * and does what the real one would leave behind (the extracted copy, the archive).
 */
class AuditLaunchUnitTest {

    private static final List<String> OPTIONS = List.of("-Xmx1g", "-XX:+UseParallelGC");
    private static final List<String> AUDIT = List.of("--bootstrap-servers", "b:9092");

    private final List<List<String>> calls = new ArrayList<>();
    private int auditExit = 0;
    private int extractExit = 0;

    @Test
    void theFirstRunOfABuildExtractsTheJarAndWritesTheArchiveWithAnAuditThenTheMeasuredRunMapsIt(@TempDir Path dir)
            throws Exception {
        Path jar = jar(dir);

        AuditLaunch.Command command = new AuditLaunch(this::fake).prepare(jar, OPTIONS, AUDIT);

        Path copy = dir.resolve("bench-extracted").resolve(Files.size(jar) + "-"
                + Files.getLastModifiedTime(jar).toMillis());
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).containsExactly("-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", copy.toString());
        assertThat(calls.get(1)).containsExactly("-Xmx1g", "-XX:+UseParallelGC",
                "-XX:ArchiveClassesAtExit=" + copy.resolve("app.jsa"), "-Xlog:cds*=off", "-jar",
                copy.resolve("audit-exec.jar").toString(), "--bootstrap-servers", "b:9092");
        assertThat(command.beforeArguments()).containsExactly("-Xmx1g", "-XX:+UseParallelGC",
                "-XX:SharedArchiveFile=" + copy.resolve("app.jsa"), "-Xlog:cds*=off", "-jar",
                copy.resolve("audit-exec.jar").toString());
        assertThat(command.how()).contains("class-data archive");
    }

    @Test
    void laterRunsOfTheSameBuildOnlyCheckTheArchive(@TempDir Path dir) throws Exception {
        Path jar = jar(dir);
        AuditLaunch launch = new AuditLaunch(this::fake);
        launch.prepare(jar, OPTIONS, AUDIT);
        calls.clear();

        AuditLaunch.Command command = launch.prepare(jar, OPTIONS, AUDIT);

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).startsWith("-Xshare:on").endsWith("-version");
        assertThat(command.beforeArguments()).anyMatch(option -> option.startsWith("-XX:SharedArchiveFile="));
    }

    @Test
    void aJarThatCannotBeExtractedRunsAsItIs(@TempDir Path dir) throws Exception {
        Path jar = jar(dir);
        extractExit = 1;

        AuditLaunch.Command command = new AuditLaunch(this::fake).prepare(jar, OPTIONS, AUDIT);

        assertThat(command.beforeArguments()).containsExactly("-Xmx1g", "-XX:+UseParallelGC", "-jar", jar.toString());
        assertThat(command.how()).contains("as it is");
        assertThat(dir.resolve("bench-extracted")).doesNotExist();
    }

    @Test
    void anAuditThatEndsWithoutAReportLeavesNoArchiveAndTheExtractedJarRunsWithoutOne(@TempDir Path dir)
            throws Exception {
        Path jar = jar(dir);
        auditExit = 2;

        AuditLaunch.Command command = new AuditLaunch(this::fake).prepare(jar, OPTIONS, AUDIT);

        assertThat(command.beforeArguments()).noneMatch(option -> option.contains("Archive"));
        assertThat(command.beforeArguments()).last().asString().endsWith("audit-exec.jar")
                .contains("bench-extracted");
    }

    private static Path jar(Path dir) throws Exception {
        return Files.writeString(dir.resolve("audit-exec.jar"), "not really a jar");
    }

    /** The child JVM: extracting writes the jar's copy, an audit writes the archive it was asked for. */
    private int fake(List<String> arguments) throws IOException {
        calls.add(List.copyOf(arguments));
        if (arguments.contains("extract")) {
            if (extractExit == 0) {
                Path destination = Path.of(arguments.get(arguments.indexOf("--destination") + 1));
                Files.writeString(destination.resolve("audit-exec.jar"), "extracted");
            }
            return extractExit;
        }
        for (String argument : arguments) {
            if (argument.startsWith("-XX:ArchiveClassesAtExit=")) {
                Files.writeString(Path.of(argument.substring(argument.indexOf('=') + 1)), "archive");
                return auditExit;
            }
        }
        return 0;
    }
}
