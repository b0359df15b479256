package io.extauth.localstack.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import io.extauth.localstack.StackSecrets;

/**
 * The services' settings a cluster was brought up with: {@code <home>/service-settings.env}. A service instance reads
 * its settings from its environment, and a process inherits the environment of the command that starts it, so
 * without this a restart by another command ({@code ./extauth cluster start}, the chaos tool's faults) ran the
 * instance on that command's environment: the contact limits {@code cluster up} was given fell back to their defaults
 * on the restarted instance only.
 * <ul>
 * <li>{@code cluster up} keeps the service settings of its environment here: each name it is given replaces the kept
 * one, a name given empty is forgotten, names it is not given stay. {@code cluster down} forgets them all.</li>
 * <li>Every start of a service instance gives it the kept settings that the starting command's environment does not
 * set: what that environment sets wins, for that start only.</li>
 * <li>What the cluster sets itself (ports, addresses, the database, keys and secrets) is neither kept nor
 * overridden by name, and neither are the tools' own variables ({@link #NOT_SERVICE_SETTINGS}). A kept
 * {@code SPRING_APPLICATION_JSON} outranks every environment variable in Spring Boot, the cluster's too, as it does
 * for the instances {@code cluster up} itself starts: what it says is the operator's.</li>
 * </ul>
 * The file is owner-only: a setting may be a secret. It is written as {@code cluster.env} is, one {@code NAME='value'}
 * per line, so a shell can source it too; a line edited by hand may hold a plain word instead of the quoted value.
 */
public final class ServiceSettings {

    /** The prefixes of the environment variables a service's Spring Boot reads as its settings. */
    static final List<String> PREFIXES = List.of("EXTAUTH_", "SPRING_", "SERVER_", "MANAGEMENT_", "LOGGING_");

    /**
     * Variables with a service's prefix that no service reads: the tools' own ({@code ./extauth}'s launcher and its
     * commands' {@code ${env:…}} defaults, which {@code ServiceSettingsUnitTest} checks are all here; the skew fault's
     * library; the local stack's log level) and docker-compose.yml's, two of them secrets an operator exports for it.
     */
    static final Set<String> NOT_SERVICE_SETTINGS = Set.of(
            "EXTAUTH_HOME", "EXTAUTH_JAVA_OPTS", "EXTAUTH_CDS", "EXTAUTH_LIBFAKETIME", "EXTAUTH_LOG_LEVEL",
            "EXTAUTH_CLUSTER_HOME", "EXTAUTH_PORT_BASE", "EXTAUTH_BIND", "EXTAUTH_DATA_DIR", "EXTAUTH_KEYS_DIR",
            "EXTAUTH_PARALLEL_STARTS", "EXTAUTH_BOOTSTRAP_SERVERS", "EXTAUTH_KAFKA_PORT",
            "EXTAUTH_KAFKA_CONTROLLER_PORT", "EXTAUTH_POSTGRES_PORT", "EXTAUTH_SMTP_PORT", "EXTAUTH_MAIL_API_PORT",
            "EXTAUTH_SIMULATOR_PORT", "EXTAUTH_ORDER_PORT", "EXTAUTH_PROVISIONING_PORT", "EXTAUTH_CHALLENGE_PORT",
            "EXTAUTH_NOTIFICATION_PORT", "EXTAUTH_CONSOLE_PORT",
            "EXTAUTH_CALLBACK_SECRET", "EXTAUTH_DB_PASSWORD", "EXTAUTH_KAFKA_CLUSTER_ID");

    /** A name a shell can assign, so sourcing the file runs nothing. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Characters a hand-edited plain word may have: none a shell would read otherwise. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:,+@%-]*");
    private static final String FILE = "service-settings.env";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** What {@code cluster up} made of its environment: the settings to keep, and the names it could not keep. */
    record Given(Map<String, String> settings, Set<String> forgotten, List<String> notKept) {
    }

    /** What a keep did: everything kept now, and the names it kept anew, changed or forgot. */
    record Kept(Map<String, String> settings, Set<String> changed) {
    }

    private ServiceSettings() {
    }

    public static Path file(ClusterLayout layout) {
        return layout.home().resolve(FILE);
    }

    /**
     * Of {@code environment}, the service settings: names with a service's prefix, not the tools' own, not
     * {@code cluster.env}'s, not what the cluster sets ({@code setByTheCluster}). One given empty is to be forgotten;
     * one whose value has a line break is not kept (the file is a line per setting) and is named in
     * {@link Given#notKept}, and its value kept before is forgotten: a later start would otherwise go back to it.
     */
    static Given of(Map<String, String> environment, Set<String> setByTheCluster, ClusterLayout layout) {
        Map<String, String> settings = new TreeMap<>();
        Set<String> forgotten = new TreeSet<>();
        List<String> notKept = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (!serviceSetting(name, setByTheCluster, layout)) {
                return;
            }
            if (!NAME.matcher(name).matches()) {
                notKept.add(name + " (not a name a shell can assign)");
            } else if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                // nor is a value kept before: a later start would otherwise go back to it
                notKept.add(name + " (its value has a line break)");
                forgotten.add(name);
            } else if (value.isEmpty()) {
                forgotten.add(name);
            } else {
                settings.put(name, value);
            }
        });
        return new Given(settings, forgotten, notKept);
    }

    private static boolean serviceSetting(String name, Set<String> setByTheCluster, ClusterLayout layout) {
        return PREFIXES.stream().anyMatch(name::startsWith) && !NOT_SERVICE_SETTINGS.contains(name)
                && !ClusterEnv.variables(layout).containsKey(name) && !setByTheCluster.contains(name);
    }

    /**
     * What is kept, by name; nothing when the cluster was never brought up or was brought down since. A line that is
     * not a service setting's {@code NAME='value'} (or {@code NAME=plain-word}) is refused with its number; a file
     * another user owns is refused, one of ours that others may read is narrowed to its owner first.
     */
    public static Map<String, String> read(ClusterLayout layout, Set<String> setByTheCluster) {
        Path file = file(layout);
        Map<String, String> settings = new TreeMap<>();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return settings;
        }
        try {
            guard(file);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int number = 1; number <= lines.size(); number++) {
                String line = lines.get(number - 1);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int equals = line.indexOf('=');
                String name = equals > 0 ? line.substring(0, equals) : line;
                String where = file + ":" + number + ": ";
                if (equals <= 0 || !NAME.matcher(name).matches()) {
                    throw new IllegalStateException(where + "not a NAME='value' line; edit or delete the file");
                }
                if (!serviceSetting(name, setByTheCluster, layout)) {
                    throw new IllegalStateException(where + name + " is not a service's setting this file may give "
                            + "(prefixes " + String.join(", ", PREFIXES) + ", not the cluster's own); edit or "
                            + "delete the file");
                }
                settings.put(name, unquote(line.substring(equals + 1), where));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + " (edit or delete it)", e);
        }
        return settings;
    }

    /**
     * Keeps {@code given} over what is kept (a name given replaces its value, one given empty is forgotten), under a
     * lock of the home's, so two commands at once lose neither's settings.
     */
    static Kept keep(ClusterLayout layout, Given given, Set<String> setByTheCluster) {
        try {
            StackSecrets.createHome(layout.home());
            try (FileChannel lockFile = lockFile(layout); FileLock lock = lockFile.lock()) {
                Map<String, String> kept = read(layout, setByTheCluster);
                Set<String> changed = new TreeSet<>();
                given.settings().forEach((name, value) -> {
                    // a name kept for the first time is a change too: the instances running have not got it
                    if (!value.equals(kept.put(name, value))) {
                        changed.add(name);
                    }
                });
                for (String name : given.forgotten()) {
                    if (kept.remove(name) != null) {
                        changed.add(name);
                    }
                }
                if (!given.settings().isEmpty() || !changed.isEmpty()) {
                    write(file(layout), kept);
                }
                return new Kept(kept, changed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file(layout), e);
        }
    }

    /**
     * Forgets every kept setting ({@code cluster down}), and a file a crashed write left, under the lock: a keep at
     * the same moment comes wholly before or after. The lock's file stays (a keep that waits on it holds it open).
     */
    static void forget(ClusterLayout layout) {
        if (!Files.isDirectory(layout.home())) {
            return;
        }
        try (DirectoryStream<Path> kept = Files.newDirectoryStream(layout.home(), FILE + "*")) {
            if (!kept.iterator().hasNext()) {
                // nothing was ever kept here: no lock's file is made in a home that has none
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + layout.home(), e);
        }
        try (FileChannel lockFile = lockFile(layout); FileLock lock = lockFile.lock()) {
            Files.deleteIfExists(file(layout));
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(layout.home(), FILE + ".*.next")) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file(layout), e);
        }
    }

    /** Of the kept settings, those a start gets: the ones the starting command's environment does not set. */
    static Map<String, String> forStart(Map<String, String> kept, Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>(kept);
        settings.keySet().removeAll(environment.keySet());
        return settings;
    }

    /**
     * The text goes to a new file of a name of its own, made owner-only and written through the one channel that made
     * it (never reopened by its name), which then takes the old file's place in one step.
     */
    private static void write(Path file, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder("# ./extauth cluster up: the services' settings it was given; every "
                + "later start of a service instance gets them, unless its own command's environment sets one. "
                + "Owner-only.\n");
        settings.forEach((name, value) -> text.append(name).append("='").append(value.replace("'", "'\\''"))
                .append("'\n"));
        Path next = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".next");
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            try (FileChannel channel = posix()
                    ? FileChannel.open(next, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : FileChannel.open(next, options)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                // on the disk before it takes the old file's place: a crash leaves the old file or the new, whole
                channel.force(true);
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(next);
            throw e;
        }
    }

    /**
     * Refuses what is not a plain file of this user's (a link, a file another user owns, one others may write to: its
     * settings may not be the ones {@code cluster up} kept); narrows one of ours that others may only read. The owner
     * is compared by number, as the kernel does: a user without a name (a container's {@code --user 1234}) has one.
     */
    private static void guard(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException(file + " is not a plain file: its settings are not taken; delete it");
        }
        if (!posix()) {
            return;
        }
        Path self = Path.of("/proc/self");
        Object owner = Files.exists(self) ? Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                : Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
        // without /proc (macOS) by name
        Object user = Files.exists(self) ? Files.getAttribute(self, "unix:uid") : System.getProperty("user.name");
        if (!owner.equals(user)) {
            throw new IllegalStateException(file + " belongs to user " + owner + ", not to this one (" + user
                    + "): its settings are not taken; delete it");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalStateException(file + " may be written by others than its owner: its settings are not "
                    + "taken; check it, then chmod 600 it or delete it");
        }
        if (!permissions.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    /** The home's lock for the file: a plain file, never a link someone left in its place. */
    private static FileChannel lockFile(ClusterLayout layout) throws IOException {
        Path lock = layout.home().resolve(FILE + ".lock");
        if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException(lock + " is not a plain file; delete it");
        }
        try {
            return FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new IOException("could not open the lock " + lock + " (another user's?): " + e.getMessage(), e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * {@code 'a'\''b'} → {@code a'b}: the single quoting {@link #write} writes; a plain word of characters no shell
     * reads otherwise (edited by hand) as it is. Anything else is refused rather than read otherwise than a shell would.
     */
    private static String unquote(String quoted, String where) {
        StringBuilder value = new StringBuilder();
        int at = 0;
        while (at < quoted.length()) {
            char c = quoted.charAt(at);
            if (c == '\\' && at + 1 < quoted.length() && quoted.charAt(at + 1) == '\'') {
                value.append('\'');
                at += 2;
            } else if (c == '\'') {
                int end = quoted.indexOf('\'', at + 1);
                if (end < 0) {
                    throw new IllegalStateException(where + "a value without its closing quote; edit or delete the "
                            + "file");
                }
                value.append(quoted, at + 1, end);
                at = end + 1;
            } else if (PLAIN_WORD.matcher(String.valueOf(c)).matches()) {
                value.append(c);
                at++;
            } else {
                // the character's number, not the character: it may be part of a secret, or a terminal's control
                throw new IllegalStateException(where + "write the value in single quotes ('…'): its character "
                        + (at + 1) + String.format(" (U+%04X)", (int) c) + " is read otherwise by a shell; edit or "
                        + "delete the file");
            }
        }
        return value.toString();
    }
}
