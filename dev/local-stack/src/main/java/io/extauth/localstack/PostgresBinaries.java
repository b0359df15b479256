package io.extauth.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * Where the stack's PostgreSQL programs are extracted and run from: {@code <home>/postgres-binaries}, a directory only
 * its owner can enter.
 *
 * <p>Zonky's default is {@code ${java.io.tmpdir}/embedded-pg}, shared by every user of the machine, and zonky makes its
 * working directory writable by everyone ({@code setWritable(true, false)}, no sticky bit) and takes
 * {@code PG-<md5 of the archive>/.exists} as "extracted": the archive is public, so the name is known in advance, and
 * another local user could put programs of their own there for the stack to run as its owner. Here zonky works in the
 * home's own directory (its {@code setOverrideWorkingDirectory}), which is made {@code rwx------} before zonky runs and
 * again after (zonky adds the write bits back each time), and only the {@code PG-<digest>} directory of the archive on
 * this classpath is ever run from ({@link #bin}), not any {@code bin/postgres} found below.
 */
public final class PostgresBinaries {

    public static final String DIRECTORY = "postgres-binaries";

    private static volatile @Nullable String expected;

    private PostgresBinaries() {
    }

    /** Makes {@code dir} (if missing) and narrows it to its owner, refusing one owned by another user. */
    public static void secure(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) == null) {
            return;
        }
        if (!ownedByMe(dir)) {
            throw new IOException(dir + " is not a directory of this user: the PostgreSQL programs are run only from "
                    + "a directory of the stack's owner");
        }
        StackSecrets.restrict(dir, StackSecrets.OWNER_ONLY_DIR);
    }

    /** A directory (not a link to one) whose owner is the user this JVM runs as. */
    private static boolean ownedByMe(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) == null) {
            return true;
        }
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return owner instanceof Integer uid && uid == new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /**
     * Points zonky at {@code dir} (made private first); call {@link #secure} again once zonky has run, as it widens the
     * directory's permissions.
     */
    public static EmbeddedPostgres.Builder workIn(EmbeddedPostgres.Builder builder, Path dir) throws IOException {
        secure(dir);
        return builder.setOverrideWorkingDirectory(dir.toFile());
    }

    /**
     * The {@code bin} directory of the binaries zonky extracted into {@code dir} from the archive on this classpath, or
     * null when they are not (completely) there. Nothing else below {@code dir} is taken.
     */
    public static @Nullable Path bin(Path dir) throws IOException {
        Path extracted = dir.resolve(expectedDirectoryName());
        Path bin = extracted.resolve("bin");
        if (ownedByMe(dir) && ownedByMe(extracted) && ownedByMe(bin)
                && Files.isRegularFile(extracted.resolve(".exists"), LinkOption.NOFOLLOW_LINKS)
                && Files.isExecutable(bin.resolve("postgres"))) {
            return bin;
        }
        return null;
    }

    /** {@code PG-<md5 of the archive>}, the directory zonky extracts this classpath's archive into. */
    public static String expectedDirectoryName() {
        String name = expected;
        if (name == null) {
            name = "PG-" + archiveDigest();
            expected = name;
        }
        return name;
    }

    private static String archiveDigest() {
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture())) {
            if (archive == null) {
                throw new IllegalStateException("no PostgreSQL binaries for " + system() + " " + architecture()
                        + " on the classpath");
            }
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (DigestInputStream digesting = new DigestInputStream(archive, md5)) {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the PostgreSQL binaries' archive", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The system name zonky asks its resolver for (its {@code getOS}). */
    private static String system() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return "Windows";
        }
        if (os.startsWith("mac")) {
            return "Darwin";
        }
        return "Linux";
    }

    /** The architecture zonky asks its resolver for (its {@code getArchitecture}). */
    private static String architecture() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") ? "x86_64" : arch;
    }
}
