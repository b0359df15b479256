package io.extauth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The secrets of this stack's home, generated the first time and reused afterwards, so they are never a value anyone
 * else knows: the vendor callback secret (the simulator and challenge-service share it), the PIN pepper and the
 * password of the stack's PostgreSQL. Each is 32 random bytes, hex, in a file only the owner can read, next to the JWT
 * key pair.
 */
public final class StackSecrets {

    public static final String CALLBACK_SECRET_FILE = "callback-secret";
    public static final String PIN_PEPPER_FILE = "pin-pepper";
    public static final String POSTGRES_PASSWORD_FILE = "postgres-password";

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path keysDir;
    private final String callbackSecret;
    private final String pinPepper;
    private final String postgresPassword;

    public StackSecrets(Path keysDir) {
        this.keysDir = keysDir.toAbsolutePath();
        try {
            createPrivateDirectory(this.keysDir);
            this.callbackSecret = readOrCreate(callbackSecretFile());
            this.pinPepper = readOrCreate(pinPepperFile());
            this.postgresPassword = readOrCreate(postgresPasswordFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write the secrets in " + this.keysDir, e);
        }
    }

    public String callbackSecret() {
        return callbackSecret;
    }

    public String pinPepper() {
        return pinPepper;
    }

    /** The password of the stack's PostgreSQL superuser ({@link PostgresAuth}). */
    public String postgresPassword() {
        return postgresPassword;
    }

    public Path postgresPasswordFile() {
        return keysDir.resolve(POSTGRES_PASSWORD_FILE);
    }

    public Path callbackSecretFile() {
        return keysDir.resolve(CALLBACK_SECRET_FILE);
    }

    public Path pinPepperFile() {
        return keysDir.resolve(PIN_PEPPER_FILE);
    }

    /**
     * A directory of this stack's own (its keys, its data), made if missing, readable by the owner only (as ssh does
     * with ~/.ssh).
     */
    public static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, OWNER_ONLY_DIR);
    }

    /**
     * A stack's home, made if missing: one this makes can be entered by its owner only, so nothing below it (the
     * PostgreSQL programs, the logs) is within another user's reach. An existing one, which the user may have chosen
     * for other things as well, keeps its permissions; the keys, the data and the PostgreSQL programs below it are
     * private each.
     */
    public static void createHome(Path home) throws IOException {
        if (Files.isDirectory(home)) {
            return;
        }
        Path absolute = home.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        try {
            if (isPosix(absolute.getParent())) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException raced) {
            // another command of this home made it first
        }
    }

    /**
     * Writes a secret file that is never readable by others, not even for a moment: created with owner-only
     * permissions, then written. An existing file from an older stack is narrowed to the owner.
     */
    static void writeOwnerOnly(Path file, String content) throws IOException {
        if (isPosix(file.getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            try {
                writeOwnerOnly(file, HexFormat.of().formatHex(random) + "\n");
            } catch (FileAlreadyExistsException raced) {
                // another process of this home wrote it first: use theirs
            }
        }
        restrict(file, OWNER_ONLY);
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }

    private static boolean isPosix(Path path) {
        return Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
