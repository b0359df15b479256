package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which process a {@code postmaster.pid} left by a killed stack gets stopped ({@link Postgres#stopLeftover}), with a
 * dummy "postgres" (a copy of {@code sleep} under that name) standing for the real one.
 */
class PostgresLeftoverUnitTest {

    @TempDir Path dir;
    private Path postgres;
    private Path dataDir;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void dummyPostgres() throws IOException {
        postgres = Files.createDirectories(dir.resolve("bin")).resolve("postgres");
        Files.copy(Path.of("/bin/sleep"), postgres, StandardCopyOption.COPY_ATTRIBUTES);
        dataDir = Files.createDirectories(dir.resolve("data").resolve("postgres"));
    }

    @AfterEach
    void stopDummies() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void theLeftoverPostgresOfThisDataDirectoryIsStopped() throws Exception {
        Process leftover = dummy(dataDir);
        pidFile(leftover, Instant.now());

        Postgres.stopLeftover(dataDir);

        assertThat(leftover.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("stopped").isTrue();
    }

    @Test
    void aPostgresStartedAfterThePidFileWasWrittenIsNotOursAfterAReboot() throws Exception {
        // the system's PostgreSQL, started at boot, got the pid the stale file names
        Process system = dummy(dataDir);
        pidFile(system, Instant.now().minus(Duration.ofHours(1)));

        Postgres.stopLeftover(dataDir);

        assertThat(system.isAlive()).isTrue();
    }

    @Test
    void aPostgresOfAnotherDataDirectoryIsNotStopped() throws Exception {
        Path other = Files.createDirectories(dir.resolve("system-postgres"));
        Process system = dummy(other);
        pidFile(system, Instant.now());

        Postgres.stopLeftover(dataDir);

        assertThat(system.isAlive()).isTrue();
    }

    /** A dummy "postgres" working in {@code workingDirectory}, as PostgreSQL works in its data directory. */
    private Process dummy(Path workingDirectory) throws IOException {
        Process process = new ProcessBuilder(postgres.toString(), "300").directory(workingDirectory.toFile()).start();
        started.add(process);
        return process;
    }

    private void pidFile(Process process, Instant written) throws IOException {
        Path file = dataDir.resolve("postmaster.pid");
        Files.writeString(file, process.pid() + "\n" + dataDir + "\n");
        Files.setLastModifiedTime(file, FileTime.from(written));
    }
}
