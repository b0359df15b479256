package io.extauth.localstack.cluster;

import io.extauth.localstack.StackSecrets;
import io.extauth.localstack.PostgresAuth;
import io.extauth.localstack.PostgresBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL 17 from the zonky binaries, run as a server of its own. The first time, zonky extracts the binaries into
 * the cluster's home and runs initdb (user {@code postgres} with the home's password, loopback TCP only:
 * {@link PostgresAuth}), starting the server once and stopping it again; from then on {@code bin/postgres} runs directly
 * as the cluster's process, so its pid is the postmaster's and a signal reaches the database itself. A data directory
 * made before the password is given it the same way, once.
 */
public final class PostgresServer {

    private PostgresServer() {
    }

    /** The {@code bin} directory of the extracted binaries, extracting them and initialising the data first if needed. */
    public static Path prepare(ClusterLayout layout, StackSecrets secrets) {
        try {
            // before anything below it is looked at: a home from before this may have it writable by everyone
            PostgresBinaries.secure(layout.postgresBinariesDir());
            if (!Files.exists(layout.postgresDataDir().resolve("PG_VERSION")) || findBin(layout) == null
                    || !PostgresAuth.passwordSet(layout.postgresDataDir())) {
                // private to the owner: zonky's default, ${java.io.tmpdir}/embedded-pg, is writable by every user;
                // nothing another user placed there is run
                EmbeddedPostgres.Builder builder = PostgresBinaries.workIn(EmbeddedPostgres.builder(),
                        layout.postgresBinariesDir());
                boolean fromBefore = PostgresAuth.configure(builder, layout.postgresDataDir(),
                        secrets.postgresPasswordFile(), secrets.postgresPassword());
                // extract + initdb + start + stop, on a port no cluster uses (the +20 one may be taken right now)
                try (EmbeddedPostgres once = builder
                        .setDataDirectory(layout.postgresDataDir())
                        .setCleanDataDirectory(false)
                        .setServerConfig("listen_addresses", ClusterLayout.HOST)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setRegisterShutdownHook(false)
                        .start()) {
                    if (fromBefore) {
                        PostgresAuth.setPassword("jdbc:postgresql://" + ClusterLayout.HOST + ":" + once.getPort()
                                + "/postgres", layout.postgresDataDir(), secrets.postgresPassword());
                    }
                }
            }
            Path bin = findBin(layout);
            if (bin == null) {
                throw new IllegalStateException("no bin/postgres of this user's in " + layout.postgresBinariesDir()
                        .resolve(PostgresBinaries.WORKING_DIRECTORY).resolve(PostgresBinaries.expectedDirectoryName())
                        + " (delete it to have it extracted again)");
            }
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare PostgreSQL in " + layout.home(), e);
        } finally {
            // zonky makes its working directory writable by everyone each time it runs (within a directory only we can
            // enter)
            PostgresBinaries.secureQuietly(layout.postgresBinariesDir());
        }
    }

    /**
     * Only the directory zonky extracts this classpath's archive into ({@code zonky/PG-<md5>}), and only if it is
     * entirely this user's, never any other {@code bin/postgres} below the binaries' directory.
     */
    static @Nullable Path findBin(ClusterLayout layout) throws IOException {
        return PostgresBinaries.bin(layout.postgresBinariesDir());
    }
}
