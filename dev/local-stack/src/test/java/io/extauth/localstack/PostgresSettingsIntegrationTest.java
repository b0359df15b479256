package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

/**
 * The stack's PostgreSQL, read back from the real embedded server: its memory settings (issue 14: memory), who it
 * lets in (only the home's password over loopback TCP: {@link PostgresAuth}) and how long it keeps a session whose
 * client went silent ({@link PostgresSessionBounds}).
 */
class PostgresSettingsIntegrationTest {

    /** Services of the stack with a database pool, and Hikari's maximum pool size, which the stack leaves as it is. */
    private static final int SERVICES = 4;
    private static final int HIKARI_MAXIMUM_POOL = 10;
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** PostgreSQL's {@code invalid_password}. */
    private static final String INVALID_PASSWORD = "28P01";

    @TempDir static Path home;
    private static StackSecrets secrets;
    private static Postgres postgres;

    @BeforeAll
    static void start() {
        // zonky keeps, for the whole JVM, the directory it first extracted into and ignores a later start's: a class
        // before this one in the same JVM that started a PostgreSQL (in the module's full run) left it elsewhere
        PlantedBinaries.forgetZonkysExtraction();
        secrets = new StackSecrets(home.resolve("keys"));
        postgres = new Postgres(home.resolve("postgres"), 0, secrets).start();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static String setting(String name) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + name)) {
            result.next();
            return result.getString(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), Postgres.USER, secrets.postgresPassword());
    }

    /** The SQLState of what connecting as {@code user} with {@code password} fails with, or null when it connects. */
    private static @Nullable String refusal(String jdbcUrl, String user, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void itsProgramsAreExtractedIntoTheHomeWhereNoOtherUserCanWriteOrEnter() throws IOException {
        // not zonky's ${java.io.tmpdir}/embedded-pg, which zonky leaves writable by every user of the machine
        Path binaries = home.resolve(PostgresBinaries.DIRECTORY);
        assertThat(postgres.binariesDir()).isEqualTo(binaries);
        assertThat(PostgresBinaries.bin(binaries)).as("the programs, extracted there")
                .isEqualTo(binaries.resolve(PostgresBinaries.WORKING_DIRECTORY)
                        .resolve(PostgresBinaries.expectedDirectoryName()).resolve("bin"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries))).isEqualTo("rwx------");
    }

    @Test
    void programsAnotherUserPlantedUnderTheExpectedNameAreNeverRun(@TempDir Path other) throws IOException {
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("only root can give a file away")
                .isZero();
        Path binaries = other.resolve(PostgresBinaries.DIRECTORY);
        // a home from before: zonky left it writable by everyone, and another user planted their programs
        Files.createDirectories(binaries);
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path marker = other.resolve("marker");
        for (Path planted : PlantedBinaries.plantBoth(binaries, marker)) {
            PlantedBinaries.giveAway(planted);
        }
        PlantedBinaries.forgetZonkysExtraction();

        Throwable refused = startAndStop(other);

        assertThat(marker).as("a planted program ran").doesNotExist();
        assertThat(refused).as("refused").isNotNull().hasStackTraceContaining("another user's");
        assertThat(Files.getPosixFilePermissions(binaries)).doesNotContainAnyElementsOf(GROUP_OR_OTHER);
    }

    @Test
    void programsOthersCouldHaveReplacedAreExtractedAfreshNotRun(@TempDir Path other) throws IOException {
        Path binaries = other.resolve(PostgresBinaries.DIRECTORY);
        Files.createDirectories(binaries);
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path marker = other.resolve("marker");
        // this user's directories, but writable by everyone (as zonky leaves its own): anyone may have put these
        for (Path planted : PlantedBinaries.plantBoth(binaries, marker)) {
            Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setPosixFilePermissions(planted.resolve("bin"), PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        PlantedBinaries.forgetZonkysExtraction();

        Throwable failed = startAndStop(other);

        assertThat(marker).as("a planted program ran").doesNotExist();
        assertThat(failed).as("started with programs extracted afresh").isNull();
        Path bin = PostgresBinaries.bin(binaries);
        assertThat(bin).isNotNull();
        assertThat(Files.size(bin.resolve("postgres"))).as("the real postgres").isGreaterThan(100_000);
    }

    @Test
    void aStartThatFailedAfterZonkyRanLeavesTheProgramsNoWiderThanBefore(@TempDir Path other) throws IOException {
        // zonky extracts (and widens its working directory), then cannot make the data directory; a port taken
        // between the stack's check and PostgreSQL's bind fails at the same stage, later
        Files.writeString(other.resolve("postgres"), "not a directory");
        PlantedBinaries.forgetZonkysExtraction();

        Throwable failed = startAndStop(other);

        assertThat(failed).isNotNull();
        Path binaries = other.resolve(PostgresBinaries.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(binaries)).as("postgres-binaries").doesNotContainAnyElementsOf(
                GROUP_OR_OTHER);
        assertThat(Files.getPosixFilePermissions(binaries.resolve(PostgresBinaries.WORKING_DIRECTORY)))
                .as("zonky's working directory, narrowed in a finally").doesNotContainAnyElementsOf(GROUP_OR_OTHER);
    }

    @Test
    void theDirectoryZonkyNeverTouchesStaysPrivateWhileItRuns(@TempDir Path other) throws Exception {
        Path binaries = other.resolve(PostgresBinaries.DIRECTORY);
        PlantedBinaries.forgetZonkysExtraction();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean starting = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (starting.get()) {
                try {
                    seen.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries)));
                } catch (IOException notYet) {
                    // not made yet
                }
                Thread.onSpinWait();
            }
        });
        watcher.start();
        Throwable failed;
        try {
            failed = startAndStop(other);
        } finally {
            starting.set(false);
            watcher.join();
        }

        assertThat(failed).isNull();
        assertThat(seen).as("postgres-binaries' permissions during the start (extraction included)")
                .isNotEmpty().containsOnly("rwx------");
    }

    /** What starting a PostgreSQL on {@code home}'s data threw, or null when it started (it is stopped again). */
    private static @Nullable Throwable startAndStop(Path home) {
        StackSecrets homeSecrets = new StackSecrets(home.resolve("keys"));
        try (Postgres started = new Postgres(home.resolve("postgres"), 0, homeSecrets).start()) {
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void theRunningPostmasterIsRecognisedAsThisDataDirectorysOwnForAKilledStacksRestart() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid")).get(0).trim());

        assertThat(Postgres.leftoverOf(home.resolve("postgres"))).map(ProcessHandle::pid).contains(postmaster);
        assertThat(Postgres.leftoverOf(home.resolve("keys"))).isEmpty();
    }

    @Test
    void onlyTheHomesPasswordLetsAnyoneIn() throws IOException {
        // zonky's initdb trusted any password: the superuser could run programs as the stack's owner (COPY … TO
        // PROGRAM) for any local user who connected
        assertThat(refusal(postgres.jdbcUrl(), "postgres", "postgres")).as("the old well-known password")
                .isEqualTo(INVALID_PASSWORD);
        assertThat(refusal(postgres.jdbcUrl(), "postgres", "")).as("no password").isNotNull();
        assertThat(refusal(postgres.jdbcUrl(), "anyone", secrets.postgresPassword())).as("another role").isNotNull();
        assertThat(refusal(postgres.jdbcUrl(), "postgres", secrets.postgresPassword())).isNull();
        assertThat(Files.getPosixFilePermissions(home.resolve("postgres/pg_hba.conf")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aDataDirectoryMadeBeforeThePasswordGetsItAtItsFirstStartAndKeepsIt(@TempDir Path older) throws IOException {
        // a home of an earlier version: initdb's trust, no password
        try (EmbeddedPostgres before = EmbeddedPostgres.builder().setDataDirectory(older.resolve("postgres"))
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start()) {
            assertThat(refusal(before.getJdbcUrl("postgres", "postgres"), "postgres", "anything"))
                    .as("trust, as a home before this was made").isNull();
        }
        StackSecrets olderSecrets = new StackSecrets(older.resolve("keys"));
        for (int start = 1; start <= 2; start++) {
            try (Postgres again = new Postgres(older.resolve("postgres"), 0, olderSecrets).start()) {
                assertThat(refusal(again.jdbcUrl(), "postgres", "anything")).as("start " + start)
                        .isEqualTo(INVALID_PASSWORD);
                assertThat(refusal(again.jdbcUrl(), "postgres", olderSecrets.postgresPassword())).as("start " + start)
                        .isNull();
            }
        }
    }

    @Test
    void theSharedBufferCacheIs32MbNot128() throws SQLException {
        assertThat(setting("shared_buffers")).isEqualTo("32MB");
    }

    @Test
    void aSessionIdleInATransactionOrWhoseClientVanishedEndsWithinAMinute() throws SQLException {
        // the outbox relay's round lock of a cut-off instance held no instance's events back for 2 h 11 min
        assertThat(setting("idle_in_transaction_session_timeout")).isEqualTo("1min");
        // the keepalives and user timeout as this connection's socket has them (PostgreSQL shows the socket's)
        assertThat(setting("tcp_keepalives_idle")).isEqualTo("30");
        assertThat(setting("tcp_keepalives_interval")).isEqualTo("10");
        assertThat(setting("tcp_keepalives_count")).isEqualTo("3");
        assertThat(setting("tcp_user_timeout")).isEqualTo("60000");
        assertThat(setting("client_connection_check_interval")).isEqualTo("10s");
        assertThat(setting("lock_timeout")).as("waits stay waits").isEqualTo("0");
    }

    @Test
    void everyServicesFullPoolAndTheBenchmarksConnectionsFitUnderMaxConnections() throws SQLException {
        assertThat(Integer.parseInt(setting("max_connections"))).isEqualTo(100);

        List<Connection> pools = new ArrayList<>();
        try {
            for (int i = 0; i < SERVICES * HIKARI_MAXIMUM_POOL + 10; i++) {
                pools.add(connect());
            }
            assertThat(pools).allSatisfy(connection -> assertThat(connection.isValid(5)).isTrue());
        } finally {
            for (Connection connection : pools) {
                connection.close();
            }
        }
    }
}
