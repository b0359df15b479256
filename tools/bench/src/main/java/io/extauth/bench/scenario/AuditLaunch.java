package io.extauth.bench.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the audit scenario starts the audit tool: as {@code ./extauth audit} does (issue 14, seventh pass: the bench
 * started the nested jar, so its figure carried ~1 CPU s per million events that the launcher no longer spends). The
 * jar is extracted once per build into {@code bench-extracted/<size>-<mtime>/} next to it (plain jars on the class
 * path), and a first audit writes its class-data archive as it exits; every measured run maps that archive. When the
 * copy cannot be made, or the archive cannot be written or used, the jar runs as it is, and the launch says so.
 */
final class AuditLaunch {

    /** Runs a child JVM with these arguments (after {@code java}) to its end: its exit code. */
    @FunctionalInterface
    interface Java {
        int run(List<String> arguments) throws IOException, InterruptedException;
    }

    /** What to put after {@code java} (before the audit's own arguments), and how it was prepared. */
    record Command(List<String> beforeArguments, String how) {
    }

    private static final String ARCHIVE = "app.jsa";
    private static final String COMPLETE = "complete";

    private final Java java;

    AuditLaunch(Java java) {
        this.java = java;
    }

    /**
     * The command for a measured run of {@code jar}; on the first run of a build it extracts the jar and runs the
     * audit once with {@code auditArguments} to write the archive (that run is not measured).
     */
    Command prepare(Path jar, List<String> javaOptions, List<String> auditArguments)
            throws IOException, InterruptedException {
        Path root = jar.toAbsolutePath().getParent().resolve("bench-extracted");
        Path dir = root.resolve(Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis());
        if (!Files.exists(dir.resolve(COMPLETE))) {
            deleteTree(root);
            Files.createDirectories(dir);
            if (java.run(List.of("-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
                    dir.toString())) != 0) {
                deleteTree(root);
                return asItIs(javaOptions, jar, "the jar as it is (it could not be extracted)");
            }
            Files.createFile(dir.resolve(COMPLETE));
        }
        Path extracted = dir.resolve(jar.getFileName());
        Path archive = dir.resolve(ARCHIVE);
        if (Files.exists(archive) && java.run(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp",
                extracted.toString(), "-version")) != 0) {
            Files.delete(archive); // another JDK's, or cut short: written again below
        }
        if (!Files.exists(archive)) {
            List<String> first = new ArrayList<>(javaOptions);
            first.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off", "-jar",
                    extracted.toString()));
            first.addAll(auditArguments);
            // as the launcher keeps it: only from an audit that got as far as a report (exit 0 or 1)
            if (java.run(first) > 1) {
                Files.deleteIfExists(archive);
            }
        }
        if (!Files.exists(archive)) {
            return asItIs(javaOptions, extracted, "extracted, without a class-data archive (it could not be written)");
        }
        List<String> command = new ArrayList<>(javaOptions);
        command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off", "-jar", extracted.toString()));
        return new Command(command, "extracted with its class-data archive, as ./extauth audit runs it");
    }

    private static Command asItIs(List<String> javaOptions, Path jar, String how) {
        List<String> command = new ArrayList<>(javaOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return new Command(command, how);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
