package io.extauth.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * Where the stack's PostgreSQL programs are extracted and run from: {@code <home>/postgres-binaries/zonky}, inside a
 * directory only its owner can enter.
 *
 * <p>Zonky's default is {@code ${java.io.tmpdir}/embedded-pg}, shared by every user of the machine, and zonky makes its
 * working directory writable by everyone ({@code setWritable(true, false)}, no sticky bit) each time it runs and takes
 * {@code PG-<md5 of the archive>/.exists} as "extracted", running {@code bin/initdb}, {@code pg_ctl} and
 * {@code postgres} from there without asking whose they are: the archive is public, so the name is known in advance,
 * and another local user could put programs of their own there for the stack to run as its owner. Here zonky works in
 * {@value #WORKING_DIRECTORY}, one level inside {@value #DIRECTORY}, which is {@code rwx------}, this user's, and never
 * touched by zonky: whatever zonky does to its working directory, nobody else can reach it. Before zonky runs, a
 * {@code PG-<md5>} there that is not entirely this user's (another owner anywhere in it, or a directory or file others
 * may write to) is refused, or removed when it is this user's directory, so nothing planted is run ({@link #workIn});
 * and only the {@code PG-<digest>} directory of the archive on this classpath is ever run from ({@link #bin}), not any
 * {@code bin/postgres} found below.
 */
public final class PostgresBinaries {

    public static final String DIRECTORY = "postgres-binaries";

    /** Zonky's working directory, inside {@value #DIRECTORY}: zonky widens it, never its parent. */
    public static final String WORKING_DIRECTORY = "zonky";

    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private static volatile @Nullable String expected;

    private PostgresBinaries() {
    }

    /**
     * Makes {@code dir} (if missing) and narrows it to its owner, refusing one owned by another user; narrows zonky's
     * working directory inside it too, if it is this user's (zonky widened it, though nobody else could reach it).
     */
    public static void secure(Path dir) throws IOException {
        makePrivate(dir);
        if (!isPosix(dir)) {
            return;
        }
        if (!ownedByMe(dir)) {
            throw new IOException(dir + " is not a directory of this user: the PostgreSQL programs are run only from "
                    + "a directory of the stack's owner");
        }
        StackSecrets.restrict(dir, StackSecrets.OWNER_ONLY_DIR);
        Path working = dir.resolve(WORKING_DIRECTORY);
        if (ownedByMe(working)) {
            StackSecrets.restrict(working, StackSecrets.OWNER_ONLY_DIR);
        }
    }

    /** Makes {@code dir} if missing, {@code rwx------} from the start (not the umask's, narrowed a moment later). */
    private static void makePrivate(Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (isPosix(parent != null ? parent : dir.toAbsolutePath().getRoot())) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(StackSecrets.OWNER_ONLY_DIR));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException raced) {
            // made meanwhile: checked and narrowed by the caller
        }
    }

    /**
     * {@link #secure} that never throws, for a {@code finally}: a start that failed after zonky ran leaves nothing
     * wider than before.
     */
    public static void secureQuietly(Path dir) {
        try {
            secure(dir);
        } catch (IOException | RuntimeException e) {
            // the start's own outcome is what is reported; the parent was never widened
        }
    }

    private static boolean isPosix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null;
    }

    /** A directory (not a link to one) whose owner is the user this JVM runs as. */
    private static boolean ownedByMe(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return !isPosix(dir) || isMine(dir);
    }

    /** Whether the file or directory (a link itself, not what it points to) belongs to the user this JVM runs as. */
    private static boolean isMine(Path path) throws IOException {
        Object owner = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return owner instanceof Integer uid && uid == new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /**
     * Points zonky at {@value #WORKING_DIRECTORY} inside {@code dir} ({@code dir} made private first), after making
     * sure nothing zonky would take as extracted there is anyone else's ({@link #vet}). Call {@link #secure} (or
     * {@link #secureQuietly}) once zonky has run, in a {@code finally}, as it widens its working directory.
     */
    public static EmbeddedPostgres.Builder workIn(EmbeddedPostgres.Builder builder, Path dir) throws IOException {
        secure(dir);
        Path working = dir.resolve(WORKING_DIRECTORY);
        if (Files.exists(working, LinkOption.NOFOLLOW_LINKS) && !ownedByMe(working)) {
            throw new IOException(working + " is not a directory of this user: the PostgreSQL programs are run only "
                    + "from a directory of the stack's owner (remove it to have them extracted again)");
        }
        makePrivate(working);
        secure(dir);
        vet(working.resolve(expectedDirectoryName()));
        return builder.setOverrideWorkingDirectory(working.toFile());
    }

    /**
     * Zonky runs {@code bin/initdb}, {@code pg_ctl} and {@code postgres} from {@code extracted} if it holds a fresh
     * {@code .exists}, whoever put them there: refuses it if it is not this user's directory, and removes it (zonky
     * extracts it afresh) if anything in it is another user's or writable by others.
     */
    static void vet(Path extracted) throws IOException {
        if (!Files.exists(extracted, LinkOption.NOFOLLOW_LINKS) || !isPosix(extracted)) {
            return;
        }
        if (!isMine(extracted)) {
            throw new IOException(extracted + " is another user's: the PostgreSQL programs in it are never run (remove "
                    + "it to have them extracted again)");
        }
        if (!Files.isDirectory(extracted, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(extracted);
        } else if (!entirelyMine(extracted)) {
            deleteTree(extracted);
        }
    }

    /** Everything below {@code dir} (links not followed) is this user's, and no directory or file others may write. */
    private static boolean entirelyMine(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                if (!isMine(path)) {
                    return false;
                }
                if (!Files.isSymbolicLink(path) && !Collections.disjoint(WRITABLE_BY_OTHERS,
                        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))) {
                    return false;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The {@code bin} directory of the binaries zonky extracted into {@code dir}'s {@value #WORKING_DIRECTORY} from the
     * archive on this classpath, or null when they are not (completely) there or not entirely this user's. Nothing else
     * below {@code dir} is taken.
     */
    public static @Nullable Path bin(Path dir) throws IOException {
        Path working = dir.resolve(WORKING_DIRECTORY);
        Path extracted = working.resolve(expectedDirectoryName());
        Path bin = extracted.resolve("bin");
        if (ownedByMe(dir) && ownedByMe(working) && ownedByMe(extracted) && ownedByMe(bin)
                && Files.isRegularFile(extracted.resolve(".exists"), LinkOption.NOFOLLOW_LINKS)
                && Files.isExecutable(bin.resolve("postgres"))
                && (!isPosix(extracted) || entirelyMine(extracted))) {
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
