package io.extauth.localstack;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What another user of the machine could place where zonky looks for extracted PostgreSQL programs: {@code PG-<md5>}
 * with a fresh {@code .exists} (zonky's "extracted") and {@code bin/initdb}, {@code pg_ctl} and {@code postgres} that
 * only write their name into a marker file and fail, so a test sees whether any of them ran.
 */
public final class PlantedBinaries {

    private PlantedBinaries() {
    }

    /**
     * Plants under {@code binaries} both where zonky looked before its working directory moved one level in
     * ({@code postgres-binaries/PG-<md5>}) and where it looks now ({@code postgres-binaries/zonky/PG-<md5>}); returns
     * the directories planted.
     */
    public static Path[] plantBoth(Path binaries, Path marker) throws IOException {
        String name = PostgresBinaries.expectedDirectoryName();
        return new Path[] {plant(binaries.resolve(name), marker),
            plant(binaries.resolve(PostgresBinaries.WORKING_DIRECTORY).resolve(name), marker)};
    }

    /** Programs that write their name into {@code marker} and fail, in {@code extracted/bin}, with a fresh .exists. */
    public static Path plant(Path extracted, Path marker) throws IOException {
        Path bin = Files.createDirectories(extracted.resolve("bin"));
        for (String program : new String[] {"initdb", "pg_ctl", "postgres"}) {
            Path file = bin.resolve(program);
            Files.writeString(file, "#!/bin/sh\necho \"$0\" >> '" + marker + "'\nexit 1\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path exists = Files.createFile(extracted.resolve(".exists"));
        // zonky's isPgBinReady: .exists no older than the directory and everything in it
        Files.setLastModifiedTime(exists, FileTime.from(Instant.now().plus(1, ChronoUnit.HOURS)));
        return extracted;
    }

    /** Gives {@code dir} and everything in it to another user (nobody, 65534); only root can. */
    public static void giveAway(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.toList()) {
                Files.setAttribute(path, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", 65534, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /**
     * Zonky remembers, for the rest of the JVM, the directory it extracted into first and hands it to every later
     * start whatever working directory that one names: forgotten, so the test's own directory is the one looked at.
     */
    public static void forgetZonkysExtraction() {
        try {
            Field prepared = EmbeddedPostgres.class.getDeclaredField("PREPARE_BINARIES");
            prepared.setAccessible(true);
            ((Map<?, ?>) prepared.get(null)).clear();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("zonky's cache of extracted binaries is not where 2.2.2 keeps it", e);
        }
    }
}
