package io.extauth.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Who may connect to a PostgreSQL of the local stack or the cluster: whoever holds the password in the home's keys
 * ({@link StackSecrets#postgresPassword()}), over loopback TCP, and no one else. zonky's initdb trusts every
 * connection as the superuser {@code postgres}, who can run programs as the account that started the stack
 * ({@code COPY … TO PROGRAM}) and read its files ({@code pg_read_file}): on a machine shared with other users,
 * listening on loopback alone made the database a shell as the developer for each of them.
 * <p>
 * {@code pg_hba.conf} is written at every start, before the server reads it. A data directory initdb makes now gets
 * the password at once ({@code --pwfile}); one made before gets it at its first start after, under the trust it was
 * made with, which then ends ({@link #setPassword}).
 */
public final class PostgresAuth {

    public static final String USER = "postgres";
    static final String HBA_FILE = "pg_hba.conf";
    static final String HBA_HEADER = "# extauth: the superuser with its password (SCRAM) over loopback TCP, no one else";
    static final String HBA = HBA_HEADER + "\n"
            + "host all " + USER + " 127.0.0.1/32 scram-sha-256\n"
            + "host all " + USER + " ::1/128 scram-sha-256\n";

    private PostgresAuth() {
    }

    /**
     * Sets {@code builder} up so that the server it starts lets in only the password's holder. Returns whether the
     * data directory is one from before, whose password is still to be set once it runs ({@link #setPassword}).
     */
    public static boolean configure(EmbeddedPostgres.Builder builder, Path dataDir, Path passwordFile,
            String password) {
        requireHex(password);
        // zonky runs initdb exactly when the directory has no postgresql.conf (its data are never cleaned here)
        boolean fresh = !Files.exists(dataDir.resolve("postgresql.conf"));
        boolean fromBefore = !fresh && !passwordSet(dataDir);
        if (fresh) {
            // zonky passes initdb one option of ours only as a "locale" option: --pwfile=<file>, the password set as
            // the superuser is made (initdb reads the file's first line)
            builder.setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString());
        }
        // for zonky's own check that the server is up
        builder.setConnectConfig("password", password);
        if (!fromBefore) {
            builder.setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()));
        }
        return fromBefore;
    }

    /** Whether the directory's superuser has its password: its {@code pg_hba.conf} is ours. */
    public static boolean passwordSet(Path dataDir) {
        Path hba = dataDir.resolve(HBA_FILE);
        try {
            return Files.isRegularFile(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_HEADER);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + hba, e);
        }
    }

    /**
     * Gives the superuser of a running server made before this class the password, through the trust it still has,
     * then ends that trust: {@code pg_hba.conf} is ours and the server reloads it.
     */
    public static void setPassword(String jdbcUrl, Path dataDir, String password) {
        requireHex(password);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, USER, password);
                Statement statement = connection.createStatement()) {
            // hex digits only (requireHex): nothing in it to quote
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            writeHba(dataDir);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the password of the PostgreSQL in " + dataDir, e);
        }
    }

    static void writeHba(Path dataDir) {
        Path hba = dataDir.resolve(HBA_FILE);
        Path next = dataDir.resolve(HBA_FILE + ".next");
        try {
            Files.deleteIfExists(next);
            StackSecrets.writeOwnerOnly(next, HBA);
            Files.move(next, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + hba, e);
        }
    }

    private static void requireHex(String password) {
        if (!password.matches("[0-9a-f]{32,}")) {
            throw new IllegalArgumentException("the PostgreSQL password of a stack is 32 or more hex digits");
        }
    }
}
