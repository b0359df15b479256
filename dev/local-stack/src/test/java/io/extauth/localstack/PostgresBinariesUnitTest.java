package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which PostgreSQL programs the stack accepts to run ({@link PostgresBinaries}); no extraction here. */
class PostgresBinariesUnitTest {

    @TempDir Path home;

    @Test
    void theDirectoryIsNarrowedToItsOwnerEvenAfterZonkyWidenedIt() throws IOException {
        Path binaries = Files.createDirectory(home.resolve(PostgresBinaries.DIRECTORY));
        // what zonky's setWritable(true, false) leaves on a directory made with the usual umask
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxrwxrwx"));

        PostgresBinaries.secure(binaries);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries))).isEqualTo("rwx------");
    }

    @Test
    void onlyTheArchivesOwnDirectoryIsTakenNeverAnotherBinPostgres() throws IOException {
        Path binaries = home.resolve(PostgresBinaries.DIRECTORY);
        PostgresBinaries.secure(binaries);
        plant(binaries.resolve("x"));
        plant(binaries.resolve(PostgresBinaries.WORKING_DIRECTORY).resolve("PG-00000000000000000000000000000000"));
        plant(binaries.resolve(PostgresBinaries.expectedDirectoryName()));

        assertThat(PostgresBinaries.bin(binaries)).isNull();

        Path expected = plant(extracted(binaries));
        assertThat(PostgresBinaries.bin(binaries)).isEqualTo(expected);
        assertThat(PostgresBinaries.expectedDirectoryName()).matches("PG-[0-9a-f]{32}");
    }

    @Test
    void programsInADirectoryOfAnotherUserAreNotTakenNorIsTheirDirectory() throws IOException {
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("only root can give a file away").isZero();
        Path binaries = home.resolve(PostgresBinaries.DIRECTORY);
        PostgresBinaries.secure(binaries);
        Path bin = plant(extracted(binaries));
        Files.setAttribute(bin.getParent(), "unix:uid", 65534);

        assertThat(PostgresBinaries.bin(binaries)).isNull();

        Files.setAttribute(binaries, "unix:uid", 65534);
        assertThatThrownBy(() -> PostgresBinaries.secure(binaries)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory of this user");
    }

    @Test
    void programsOthersMayReplaceAreNotTaken() throws IOException {
        Path binaries = home.resolve(PostgresBinaries.DIRECTORY);
        PostgresBinaries.secure(binaries);
        Path bin = plant(extracted(binaries));
        assertThat(PostgresBinaries.bin(binaries)).isEqualTo(bin);

        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(PostgresBinaries.bin(binaries)).isNull();
    }

    private static Path extracted(Path binaries) {
        return binaries.resolve(PostgresBinaries.WORKING_DIRECTORY).resolve(PostgresBinaries.expectedDirectoryName());
    }

    /** A {@code bin/postgres} with zonky's {@code .exists} beside it, as another user would place it. */
    private static Path plant(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("postgres"), "#!/bin/sh\necho planted\n");
        Files.setPosixFilePermissions(bin.resolve("postgres"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(dir.resolve(".exists"));
        return bin;
    }
}
