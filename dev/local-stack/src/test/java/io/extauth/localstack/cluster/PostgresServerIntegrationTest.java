package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.extauth.localstack.PlantedBinaries;
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
        PlantedBinaries.forgetZonkysExtraction();

        Path bin = PostgresServer.prepare(layout, secrets);

        Path binaries = layout.postgresBinariesDir();
        assertThat(bin).isEqualTo(binaries.resolve(PostgresBinaries.WORKING_DIRECTORY)
                .resolve(PostgresBinaries.expectedDirectoryName()).resolve("bin"));
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

    @Test
    void aPlantedExtractionOfAnotherUserInAHomeFromBeforeIsRefusedNeverRun() throws IOException {
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("only root can give a file away")
                .isZero();
        ClusterLayout layout = new ClusterLayout(home.resolve("cluster"), 19_000);
        Path binaries = Files.createDirectories(layout.postgresBinariesDir());
        // zonky left it writable by everyone; the owner check of the programs came only after zonky had run them
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path marker = home.resolve("marker");
        for (Path planted : PlantedBinaries.plantBoth(binaries, marker)) {
            PlantedBinaries.giveAway(planted);
        }
        PlantedBinaries.forgetZonkysExtraction();

        assertThatThrownBy(() -> PostgresServer.prepare(layout, new StackSecrets(layout.keysDir())))
                .hasStackTraceContaining("another user's");

        assertThat(marker).as("a planted program ran").doesNotExist();
        assertThat(Files.getPosixFilePermissions(binaries)).doesNotContainAnyElementsOf(GROUP_OR_OTHER);
    }

    @Test
    void aPlantedExtractionOthersCouldWriteIsReplacedNeverRun() throws IOException {
        ClusterLayout layout = new ClusterLayout(home.resolve("cluster"), 19_000);
        Path binaries = Files.createDirectories(layout.postgresBinariesDir());
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path marker = home.resolve("marker");
        for (Path planted : PlantedBinaries.plantBoth(binaries, marker)) {
            Files.setPosixFilePermissions(planted.resolve("bin"), PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        PlantedBinaries.forgetZonkysExtraction();

        Path bin = PostgresServer.prepare(layout, new StackSecrets(layout.keysDir()));

        assertThat(marker).as("a planted program ran").doesNotExist();
        assertThat(Files.size(bin.resolve("postgres"))).as("the real postgres").isGreaterThan(100_000);
        assertThat(Files.getPosixFilePermissions(binaries)).doesNotContainAnyElementsOf(GROUP_OR_OTHER);
    }
}
