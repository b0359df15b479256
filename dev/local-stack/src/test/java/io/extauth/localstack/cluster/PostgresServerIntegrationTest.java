package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.localstack.PostgresBinaries;
import io.extauth.localstack.StackSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the cluster's PostgreSQL programs come from (real zonky extraction and initdb in a temporary home): the home's
 * own {@code postgres-binaries}, which no other user can write to or enter, and there only the directory of the
 * archive on the classpath, never some other {@code bin/postgres} placed below it.
 */
class PostgresServerIntegrationTest {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir Path home;

    @Test
    void theProgramsAreInTheHomesPrivateDirectoryAndNothingPlantedBesideThemRuns() throws IOException {
        ClusterLayout layout = new ClusterLayout(home.resolve("cluster"), 19_000);
        StackSecrets secrets = new StackSecrets(layout.keysDir());

        Path bin = PostgresServer.prepare(layout, secrets);

        Path binaries = layout.postgresBinariesDir();
        assertThat(bin).isEqualTo(binaries.resolve(PostgresBinaries.expectedDirectoryName()).resolve("bin"));
        assertThat(bin.resolve("postgres")).isExecutable();
        // zonky made it writable by everyone while it ran
        assertThat(Files.getPosixFilePermissions(binaries)).as("postgres-binaries").doesNotContainAnyElementsOf(GROUP_OR_OTHER);

        // another user's programs, in a directory zonky would never have made: the real ones gone, they are not run
        Path planted = Files.createDirectories(binaries.resolve("x").resolve("bin")).resolve("postgres");
        Files.writeString(planted, "#!/bin/sh\necho planted\n");
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> extracted = Files.walk(bin.getParent())) {
            for (Path file : extracted.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }

        Path again = PostgresServer.prepare(layout, secrets);

        assertThat(again).as("extracted again, not the planted one").isEqualTo(bin);
        assertThat(bin.getParent().resolve(".exists")).exists();
        assertThat(Files.getPosixFilePermissions(binaries)).doesNotContainAnyElementsOf(GROUP_OR_OTHER);
    }
}
