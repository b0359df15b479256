package io.extauth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL 17 from the zonky binaries, as a child process. The data directory is initialised on first start
 * and kept afterwards. Database {@code postgres}, user {@code postgres} with the home's password, on loopback TCP only
 * ({@link PostgresAuth}), ending the sessions of clients gone silent ({@link PostgresSessionBounds}). Port 0 picks a
 * free port, readable through {@link #port()} after {@link #start()}.
 */
public final class Postgres implements AutoCloseable {

    public static final String DATABASE = "postgres";
    public static final String USER = PostgresAuth.USER;

    /**
     * PostgreSQL's cache of table and index pages, 128 MB by default. Every page it ever held stays resident in the
     * stack's memory, and a home's tables grow with every order, so a long-used stack carried ~128 MiB of it: the
     * local stack's working set (work tables, the inbox's and outbox's recent rows) fits in 32 MB, and pages beyond it
     * are read from the operating system's file cache (issue 14: memory; README, Memory, for operators).
     */
    static final String SHARED_BUFFERS = "32MB";

    /**
     * Zonky's default is 300, each a slot in the shared lock and process tables set up at start. The stack's four
     * services hold at most 10 connections each (Hikari's maximum pool), the benchmark and psql a few more.
     */
    static final int MAX_CONNECTIONS = 100;

    private final Path dataDir;
    private final Path binariesDir;
    private final int requestedPort;
    private final StackSecrets secrets;
    private @Nullable EmbeddedPostgres postgres;

    /** The programs in {@code <parent of dataDir>}/{@value PostgresBinaries#DIRECTORY}. */
    public Postgres(Path dataDir, int port, StackSecrets secrets) {
        this(dataDir, dataDir.toAbsolutePath().getParent().resolve(PostgresBinaries.DIRECTORY), port, secrets);
    }

    /** The programs extracted into and run from {@code binariesDir}, private to the owner ({@link PostgresBinaries}). */
    public Postgres(Path dataDir, Path binariesDir, int port, StackSecrets secrets) {
        this.dataDir = dataDir.toAbsolutePath();
        this.binariesDir = binariesDir.toAbsolutePath();
        this.requestedPort = port;
        this.secrets = secrets;
    }

    public synchronized Postgres start() {
        if (postgres != null) {
            return this;
        }
        stopLeftover(dataDir);
        Ports.requireFree(requestedPort, "PostgreSQL");
        try {
            // not zonky's ${java.io.tmpdir}/embedded-pg, which every user of the machine can write to; nothing
            // another user placed there is run
            EmbeddedPostgres.Builder builder = PostgresBinaries.workIn(EmbeddedPostgres.builder(), binariesDir);
            boolean fromBefore = PostgresAuth.configure(builder, dataDir, secrets.postgresPasswordFile(),
                    secrets.postgresPassword());
            // sessions whose client went silent end within a minute, and their locks with them
            PostgresSessionBounds.SETTINGS.forEach(builder::setServerConfig);
            postgres = builder
                    .setPort(requestedPort)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", Ports.LOOPBACK)
                    .setServerConfig("shared_buffers", SHARED_BUFFERS)
                    .setServerConfig("max_connections", String.valueOf(MAX_CONNECTIONS))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // this class decides when to stop, in the order the stack needs
                    .setRegisterShutdownHook(false)
                    .start();
            if (fromBefore) {
                PostgresAuth.setPassword(jdbcUrl(), dataDir, secrets.postgresPassword());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + requestedPort + " with data in " + dataDir
                    + " (a PostgreSQL left over from a killed run may still hold it: see " + dataDir.resolve("postmaster.pid")
                    + "; or it refused " + secrets.postgresPasswordFile() + ", made anew while the data stayed: the data "
                    + "let in only the password it was made with, and ./extauth reset starts the home afresh)", e);
        } finally {
            // zonky made its working directory writable by everyone (within a directory only we can enter)
            PostgresBinaries.secureQuietly(binariesDir);
        }
        return this;
    }

    /**
     * A stack killed with {@code kill -9} leaves its PostgreSQL child running on our data directory; stop it (a fast
     * shutdown: its clients died with the stack) so that the restart continues on the same data. Only a process that
     * is that PostgreSQL is stopped ({@link #leftoverOf}): a stale {@code postmaster.pid} (after a reboot, say) may name
     * a pid that now belongs to another program, the system's PostgreSQL included.
     */
    static void stopLeftover(Path dataDir) {
        Optional<ProcessHandle> leftover = leftoverOf(dataDir);
        if (leftover.isEmpty()) {
            return;
        }
        try {
            System.out.println("  stopping a PostgreSQL (pid " + leftover.get().pid() + ") left over from a killed run");
            leftover.get().destroy();
            leftover.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            // already gone, or not stopping: starting will tell if the port or the directory is still held
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The live process {@code postmaster.pid} names if it is this data directory's PostgreSQL: a {@code postgres}
     * program started before the file was last written (the cluster's Supervisor's rule: a pid reused by a later
     * process is not ours), whose working directory (PostgreSQL changes into its data directory) or {@code -D} is this
     * data directory.
     */
    static Optional<ProcessHandle> leftoverOf(Path dataDir) {
        Path pidFile = dataDir.toAbsolutePath().resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Instant written = Files.getLastModifiedTime(pidFile).toInstant();
            Path directory = dataDir.toRealPath();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .filter(p -> p.info().startInstant().map(started -> !started.isAfter(written.plusSeconds(1)))
                            .orElse(false))
                    .filter(p -> workingDirectory(p).map(directory::equals).orElse(false)
                            || dataDirectoryArgument(p).map(directory::equals).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> workingDirectory(ProcessHandle process) {
        try {
            return Optional.of(Path.of("/proc", Long.toString(process.pid()), "cwd").toRealPath());
        } catch (IOException | RuntimeException e) {
            // not Linux, or another user's process
            return Optional.empty();
        }
    }

    private static Optional<Path> dataDirectoryArgument(ProcessHandle process) {
        String[] arguments = process.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D")) {
                try {
                    return Optional.of(Path.of(arguments[i + 1]).toRealPath());
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    public int port() {
        EmbeddedPostgres running = postgres;
        return running != null ? running.getPort() : requestedPort;
    }

    public String password() {
        return secrets.postgresPassword();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port() + "/" + DATABASE;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path binariesDir() {
        return binariesDir;
    }

    @Override
    public synchronized void close() {
        EmbeddedPostgres running = postgres;
        postgres = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
