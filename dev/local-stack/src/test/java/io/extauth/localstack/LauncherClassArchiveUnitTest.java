package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./extauth} script, run in a copy of the checkout whose local-stack jar is built, with a
 * stand-in {@code java} on the PATH that writes down how it was called: how the script extracts the jar, when it
 * writes the class-data archive, when it maps it, and that an archive the JVM refuses, a rebuilt jar or a failed
 * extraction never keep the stack from starting. On Java 25 or later the archive is the JDK's AOT cache, and
 * {@code $JAVA_HOME}'s Java runs when it is set (issue 14, fourteenth pass).
 */
class LauncherClassArchiveUnitTest {

    private static final String JAR = "local-stack-0.1.0-SNAPSHOT-exec.jar";

    /**
     * The stack's JVM options: a 512 MiB heap, the parallel collector, the C heap trimmed every 5 s (issue 14:
     * memory; README, Memory, for operators), and C2's thresholds not raised with its queue (issue 14, twenty-third
     * pass).
     */
    private static final String STACK_JVM = "-Xmx512m -XX:+UseParallelGC -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=5000 -XX:Tier4LoadFeedback=1000";

    /**
     * Extraction makes the copy's jar and lib/; {@code -Xshare:on} or {@code -XX:AOTMode=on} (the archive checks) pass
     * only for an archive that says "usable"; {@code -version} alone says the version (17.0.15 unless
     * {@code FAKE_JAVA_VERSION}), unrecorded; every other call is the run, written down with its arguments.
     */
    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            args="$*"
            if [[ "$args" == *-XX:AOTMode=on* ]]; then
              echo "check" >> "$FAKE_JAVA_LOG"
              for arg in "$@"; do
                [[ "$arg" == -XX:AOTCache=* ]] && grep -q usable "${arg#-XX:AOTCache=}" && exit 0
              done
              exit 1
            fi
            if [[ "$args" == "-version" ]]; then
              echo "openjdk version \\\"${FAKE_JAVA_VERSION:-17.0.15}\\\" 2025-04-15" >&2
              exit 0
            fi
            if [[ "$args" == *-Djarmode=tools* ]]; then
              echo "extract" >> "$FAKE_JAVA_LOG"
              [[ -n "${FAKE_EXTRACT_FAILS:-}" ]] && exit 1
              while (($#)); do
                if [[ "$1" == "--destination" ]]; then mkdir -p "$2/lib"; echo copy > "$2/%s"; fi
                shift
              done
              exit 0
            fi
            if [[ "$args" == *-Xshare:on* ]]; then
              echo "check" >> "$FAKE_JAVA_LOG"
              for arg in "$@"; do
                [[ "$arg" == -XX:SharedArchiveFile=* ]] && grep -q usable "${arg#-XX:SharedArchiveFile=}" && exit 0
              done
              exit 1
            fi
            echo "run $args" >> "$FAKE_JAVA_LOG"
            """.formatted(JAR);

    @TempDir Path checkout;
    private Path jar;
    private Path extracted;
    private Path log;

    @BeforeEach
    void aCheckoutWithItsLocalStackJarBuilt() throws IOException {
        Files.copy(Path.of("../../extauth").toAbsolutePath().normalize(), checkout.resolve("extauth"));
        // a build would mean the script thought the jar stale: it must not happen here
        executable(checkout.resolve("mvnw"), "#!/bin/sh\necho 'mvnw must not run' >&2\nexit 3\n");
        executable(checkout.resolve("bin/java"), FAKE_JAVA);
        Path target = Files.createDirectories(checkout.resolve("dev/local-stack/target"));
        jar = Files.writeString(target.resolve(JAR), "the first build");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        extracted = target.resolve("extracted");
        log = checkout.resolve("java.log");
    }

    @Test
    void theFirstUpExtractsTheJarRunsTheCopyAndWritesTheArchiveWhenItStops() throws Exception {
        List<String> calls = extauth(Map.of(), "up", "--home", "h");

        Path copy = onlyCopy();
        assertThat(calls).containsExactly("extract", "run " + STACK_JVM + " -XX:ArchiveClassesAtExit=" + inCheckout(archive(copy))
                + " -Xlog:cds*=off -jar " + inCheckout(copy.resolve(JAR)) + " up --home h");
        assertThat(copy.resolve(JAR)).hasContent("copy");
    }

    @Test
    void anUpAfterTheArchiveWasWrittenMapsItWithoutExtractingAgain() throws Exception {
        extauth(Map.of(), "up");
        Path copy = onlyCopy();
        Files.writeString(archive(copy), "usable");

        List<String> calls = extauth(Map.of(), "up");

        assertThat(calls).containsExactly("check", "run " + STACK_JVM + " -XX:SharedArchiveFile=" + inCheckout(archive(copy))
                + " -Xlog:cds*=off -jar " + inCheckout(copy.resolve(JAR)) + " up");
    }

    @Test
    void anArchiveTheJvmRefusesIsDeletedAndTheNextUpWritesItAgain() throws Exception {
        extauth(Map.of(), "up");
        Path copy = onlyCopy();
        Files.writeString(archive(copy), "half written by a stop that was killed");

        List<String> calls = extauth(Map.of(), "up");

        assertThat(calls).containsExactly("check", "run " + STACK_JVM + " -XX:ArchiveClassesAtExit=" + inCheckout(archive(copy))
                + " -Xlog:cds*=off -jar " + inCheckout(copy.resolve(JAR)) + " up");
        assertThat(archive(copy)).doesNotExist();
    }

    @Test
    void aRebuiltJarIsExtractedAgainAndTheOldCopyWithItsArchiveIsDeleted() throws Exception {
        extauth(Map.of(), "up");
        Path oldCopy = onlyCopy();
        Files.writeString(archive(oldCopy), "usable");
        Files.writeString(jar, "the second build, longer");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));

        List<String> calls = extauth(Map.of(), "up");

        Path newCopy = onlyCopy();
        assertThat(newCopy).isNotEqualTo(oldCopy);
        assertThat(oldCopy).doesNotExist();
        assertThat(calls).containsExactly("extract", "run " + STACK_JVM + " -XX:ArchiveClassesAtExit=" + inCheckout(archive(newCopy))
                + " -Xlog:cds*=off -jar " + inCheckout(newCopy.resolve(JAR)) + " up");
    }

    @Test
    void otherCommandsRunTheCopyAndMapAnArchiveButNeverWriteOne() throws Exception {
        List<String> withoutArchive = extauth(Map.of(), "token", "--role", "portal");
        Path copy = onlyCopy();
        Files.writeString(archive(copy), "usable");
        List<String> withArchive = extauth(Map.of(), "status");

        assertThat(withoutArchive).containsExactly("extract",
                "run " + STACK_JVM + " -jar " + inCheckout(copy.resolve(JAR)) + " token --role portal");
        assertThat(withArchive).containsExactly("check", "run " + STACK_JVM + " -XX:SharedArchiveFile=" + inCheckout(archive(copy))
                + " -Xlog:cds*=off -jar " + inCheckout(copy.resolve(JAR)) + " status");
    }

    @Test
    void onJava25TheArchiveIsTheAotCacheWrittenByTheFirstUpAndMappedByTheNext() throws Exception {
        Map<String, String> java25 = Map.of("FAKE_JAVA_VERSION", "25.0.3");
        List<String> first = extauth(java25, "up");
        Path copy = onlyCopy();
        Path cache = copy.resolve("app.aot");
        assertThat(first).containsExactly("extract", "run " + STACK_JVM + " -XX:AOTCacheOutput=" + inCheckout(cache)
                + " -Xlog:cds*=off -Xlog:aot*=off -jar " + inCheckout(copy.resolve(JAR)) + " up");

        Files.writeString(cache, "usable");
        List<String> next = extauth(java25, "up");
        assertThat(next).containsExactly("check", "run " + STACK_JVM + " -XX:AOTCache=" + inCheckout(cache)
                + " -Xlog:cds*=off -Xlog:aot*=off -jar " + inCheckout(copy.resolve(JAR)) + " up");

        // a cache the JVM refuses (another JDK's, a stop killed while writing it) is deleted and written again
        Files.writeString(cache, "written by another JDK");
        List<String> refused = extauth(java25, "up");
        assertThat(refused).containsExactly("check", "run " + STACK_JVM + " -XX:AOTCacheOutput=" + inCheckout(cache)
                + " -Xlog:cds*=off -Xlog:aot*=off -jar " + inCheckout(copy.resolve(JAR)) + " up");
        assertThat(cache).doesNotExist();
    }

    @Test
    void aJdksReleaseFileSaysItsVersionWithoutTheJvmBeingAsked() throws Exception {
        // the stand-in says 17.0.15 when asked; its release file says 25
        Files.writeString(checkout.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"25.0.3\"\n");

        List<String> calls = extauth(Map.of(), "up");

        assertThat(calls).last().asString().contains("-XX:AOTCacheOutput=" + inCheckout(onlyCopy().resolve("app.aot")));
    }

    @Test
    void aCheckThatPassedIsNotRunAgainWhileTheArchiveTheJdkTheOptionsAndTheCopyAreTheSameButUpAlwaysChecks()
            throws Exception {
        Path release = Files.writeString(checkout.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        extauth(Map.of(), "up");
        Path copy = onlyCopy();
        Files.writeString(archive(copy), "usable");

        assertThat(extauth(Map.of(), "status")).containsExactly("check", mapped(copy, "status"));
        assertThat(extauth(Map.of(), "status")).as("checked before, nothing changed since")
                .containsExactly(mapped(copy, "status"));
        assertThat(extauth(Map.of(), "status")).containsExactly(mapped(copy, "status"));
        assertThat(extauth(Map.of(), "up")).as("up, which writes an archive again, always checks")
                .containsExactly("check", mapped(copy, "up"));
        assertThat(extauth(Map.of(), "status")).containsExactly(mapped(copy, "status"));

        assertThat(extauth(Map.of("EXTAUTH_JAVA_OPTS", "-Xmx2g"), "status")).as("other options").first()
                .isEqualTo("check");
        assertThat(extauth(Map.of(), "status")).as("the options of the last check that passed").first()
                .isEqualTo("check");
        assertThat(extauth(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC"), "status")).as("the JVM's own options")
                .first().isEqualTo("check");
        assertThat(extauth(Map.of(), "status")).first().isEqualTo("check");
        Files.writeString(release, "JAVA_VERSION=\"17.0.16\"\n");
        assertThat(extauth(Map.of(), "status")).as("another JDK").containsExactly("check", mapped(copy, "status"));
        Files.writeString(archive(copy), "usable, written again");
        assertThat(extauth(Map.of(), "status")).as("another archive").containsExactly("check", mapped(copy, "status"));
        assertThat(extauth(Map.of(), "status")).containsExactly(mapped(copy, "status"));

        // an archive that changed and no longer fits is checked, refused, and deleted with the verdict kept for it
        Files.writeString(archive(copy), "refused");
        assertThat(extauth(Map.of(), "status")).first().isEqualTo("check");
        assertThat(archive(copy)).doesNotExist();
        assertThat(Path.of(archive(copy) + ".checked")).doesNotExist();
    }

    /** The stack's run of a command with the copy's archive mapped. */
    private String mapped(Path copy, String command) {
        return "run " + STACK_JVM + " -XX:SharedArchiveFile=" + inCheckout(archive(copy)) + " -Xlog:cds*=off -jar "
                + inCheckout(copy.resolve(JAR)) + " " + command;
    }

    @Test
    void withoutAReleaseFileEveryRunChecksTheArchive() throws Exception {
        extauth(Map.of(), "up");
        Path copy = onlyCopy();
        Files.writeString(archive(copy), "usable");

        assertThat(extauth(Map.of(), "status")).first().isEqualTo("check");
        assertThat(extauth(Map.of(), "status")).first().isEqualTo("check");
        assertThat(Path.of(archive(copy) + ".checked")).doesNotExist();
    }

    @Test
    void theJavaOfJavaHomeRunsWhenItIsSetAndTheOneOnThePathOtherwise() throws Exception {
        Path javaHome = checkout.resolve("jdk-25");
        executable(javaHome.resolve("bin/java"), FAKE_JAVA.replace("${FAKE_JAVA_VERSION:-17.0.15}", "25.0.3"));

        List<String> withJavaHome = extauth(Map.of("JAVA_HOME", javaHome.toString()), "up");
        Path copy = onlyCopy();
        // only the Java 25 under JAVA_HOME writes an AOT cache; the one on the PATH says it is 17
        assertThat(withJavaHome).last().asString().contains("-XX:AOTCacheOutput=" + inCheckout(copy.resolve("app.aot")));

        List<String> withoutJavaHome = extauth(Map.of(), "up");
        assertThat(withoutJavaHome).last().asString().contains("-XX:ArchiveClassesAtExit=" + inCheckout(archive(copy)));
    }

    @Test
    void withTheArchiveTurnedOffTheJarRunsAsItIs() throws Exception {
        List<String> calls = extauth(Map.of("EXTAUTH_CDS", "off"), "up");

        assertThat(calls).containsExactly("run " + STACK_JVM + " -jar dev/local-stack/target/" + JAR + " up");
        assertThat(extracted).doesNotExist();
    }

    @Test
    void whenTheJarCannotBeExtractedItRunsAsItIs() throws Exception {
        List<String> calls = extauth(Map.of("FAKE_EXTRACT_FAILS", "yes"), "up");

        assertThat(calls).containsExactly("extract", "run " + STACK_JVM + " -jar dev/local-stack/target/" + JAR + " up");
        assertThat(copies()).isEmpty();
    }

    @Test
    void anUpClearsTheHalfMadeCopiesOfExtractionsThatWereKilled() throws Exception {
        Path killedByAnOlderScript = halfMadeCopy(".new-x3Fq9Z");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path killedByThisScript = halfMadeCopy(".new-" + gone.pid());

        extauth(Map.of(), "up");

        assertThat(killedByAnOlderScript).doesNotExist();
        assertThat(Path.of(killedByAnOlderScript + ".log")).doesNotExist();
        assertThat(killedByThisScript).doesNotExist();
        assertThat(Path.of(killedByThisScript + ".log")).doesNotExist();
        assertThat(onlyCopy().resolve(JAR)).hasContent("copy");
    }

    @Test
    void aCopyStillBeingMadeByARunningExtauthIsLeftAlone() throws Exception {
        Path beingMade = halfMadeCopy(".new-" + ProcessHandle.current().pid());

        extauth(Map.of(), "up");

        assertThat(beingMade.resolve("lib")).isDirectory();
        assertThat(Path.of(beingMade + ".log")).exists();
    }

    @Test
    void aCopyALiveProcessOfThisCheckoutRunsFromIsKeptWhenANewOneIsMadeAndOneNotInUseIsDeleted() throws Exception {
        extauth(Map.of(), "up", "--home", "h");
        Path inUse = onlyCopy();
        Path notInUse = Files.createDirectories(extracted.resolve("1-1"));
        Files.writeString(notInUse.resolve("complete"), "");
        Process stack = runningFrom(checkout, inUse.resolve(JAR));
        try {
            Files.writeString(jar, "the second build, longer");
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));

            List<String> calls = extauth(Map.of(), "status", "--home", "h");

            assertThat(calls).first().isEqualTo("extract");
            assertThat(inUse.resolve(JAR)).as("the copy the stack of home h runs from").hasContent("copy");
            assertThat(notInUse).doesNotExist();
            assertThat(copies()).hasSize(2);
        } finally {
            stop(stack);
        }
    }

    @Test
    void aProcessOfAnotherCheckoutRunningFromTheSameRelativePathKeepsNoCopy() throws Exception {
        extauth(Map.of(), "up");
        Path oldCopy = onlyCopy();
        Path otherCheckout = Files.createDirectories(checkout.resolve("other-checkout"));
        Process otherStack = runningFrom(otherCheckout, oldCopy.resolve(JAR));
        try {
            Files.writeString(jar, "the second build, longer");
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));

            extauth(Map.of(), "status");

            assertThat(oldCopy).doesNotExist();
            assertThat(onlyCopy()).isNotEqualTo(oldCopy);
        } finally {
            stop(otherStack);
        }
    }

    @Test
    void aStackOfAnotherHomeThatRunsKeepsChangedSourcesFromBeingBuiltButOneOfAnotherCheckoutDoesNot()
            throws Exception {
        extauth(Map.of(), "up", "--home", "h");
        Path copy = onlyCopy();
        Files.writeString(checkout.resolve("pom.xml"), "<project>changed</project>");
        // mvnw stands in for the build: it says it ran and builds nothing (the jar stays as it is)
        executable(checkout.resolve("mvnw"), "#!/bin/sh\necho build >> \"$FAKE_JAVA_LOG\"\n");

        String status = "run " + STACK_JVM + " -jar " + inCheckout(copy.resolve(JAR)) + " status --home h";

        Process stack = runningFrom(checkout, copy.resolve(JAR));
        try {
            assertThat(extauth(Map.of(), "status", "--home", "h")).as("no build under the running stack of home h")
                    .containsExactly(status);
        } finally {
            stop(stack);
        }
        Process otherStack = runningFrom(Files.createDirectories(checkout.resolve("other-checkout")), copy.resolve(JAR));
        try {
            assertThat(extauth(Map.of(), "status", "--home", "h")).as("a stack of another checkout is not this one's")
                    .containsExactly("build", status);
        } finally {
            stop(otherStack);
        }
    }

    /**
     * A stand-in for a stack's JVM: a process working in {@code directory} whose command line runs {@code jar}, named
     * relative to the checkout, as the script names it to java.
     */
    private Process runningFrom(Path directory, Path jar) throws IOException {
        return new ProcessBuilder("bash", "-c", "exec -a \"$0\" sleep 120", "java -jar " + inCheckout(jar) + " up")
                .directory(directory.toFile()).start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** What a killed {@code java -Djarmode=tools extract} leaves: a hidden directory half filled, and its log. */
    private Path halfMadeCopy(String name) throws IOException {
        Path copy = Files.createDirectories(extracted.resolve(name).resolve("lib"));
        Files.writeString(extracted.resolve(name + ".log"), "extracting");
        return copy.getParent();
    }

    private List<String> extauth(Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of("bash", "extauth"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true);
        builder.environment().remove("EXTAUTH_JAVA_OPTS");
        builder.environment().remove("EXTAUTH_CDS");
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("FAKE_JAVA_VERSION");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        builder.environment().put("PATH", checkout.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_JAVA_LOG", log.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private Path onlyCopy() throws IOException {
        List<Path> copies = copies();
        assertThat(copies).hasSize(1);
        return copies.get(0);
    }

    /** The copies in target/extracted, without the hidden ones still being made. */
    private List<Path> copies() throws IOException {
        if (!Files.isDirectory(extracted)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(extracted)) {
            return entries.filter(entry -> !entry.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** As the script names it: relative to the checkout it runs in. */
    private String inCheckout(Path file) {
        return checkout.relativize(file).toString();
    }

    private static Path archive(Path copy) {
        return copy.resolve("app.jsa");
    }

    private static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
