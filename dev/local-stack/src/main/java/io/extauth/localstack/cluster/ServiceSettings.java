package io.extauth.localstack.cluster;

import io.extauth.localstack.StackSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The services' settings a cluster was brought up with: {@code <home>/service-settings.env}. A service instance reads
 * its settings from its environment, and a process inherits the environment of the command that starts it, so
 * without this a restart by another command ({@code ./extauth cluster start}, the chaos tool's faults) ran the
 * instance on that command's environment: the contact limits {@code cluster up} was given fell back to their defaults
 * on the restarted instance only.
 * <ul>
 * <li>{@code cluster up} keeps the service settings of its environment here: each name it is given replaces the kept
 * one, names it is not given stay. {@code cluster down} forgets them all.</li>
 * <li>Every start of a service instance gives it the kept settings that its own command's environment does not set:
 * a setting given to {@code cluster start} itself is for that start only, and wins.</li>
 * <li>What the cluster sets itself (ports, addresses, the database, keys and secrets) is neither kept nor
 * overridden.</li>
 * </ul>
 * The file is owner-only: a setting may be a secret. It is written as {@code cluster.env} is, one {@code NAME='value'}
 * per line, so a shell can source it too.
 */
public final class ServiceSettings {

    /** The prefixes of the environment variables a service's Spring Boot reads as its settings. */
    static final List<String> PREFIXES = List.of("EXTAUTH_", "SPRING_", "SERVER_", "MANAGEMENT_", "LOGGING_");

    /** The tools' own variables ({@code ./extauth}, {@code cluster.env}, the skew fault's), which no service reads. */
    static final Set<String> TOOLS_OWN = Set.of("EXTAUTH_CLUSTER_HOME", "EXTAUTH_PORT_BASE", "EXTAUTH_HOME",
            "EXTAUTH_JAVA_OPTS", "EXTAUTH_CDS", "EXTAUTH_LIBFAKETIME");

    private static final String FILE = "service-settings.env";

    private ServiceSettings() {
    }

    public static Path file(ClusterLayout layout) {
        return layout.home().resolve(FILE);
    }

    /**
     * Of {@code environment}, the variables that are a service's settings and not the cluster's own ({@code
     * setByTheCluster}, {@code cluster.env}'s names, the tools'), by name. A value with a line break is left out: the
     * file is a line per setting.
     */
    static Map<String, String> of(Map<String, String> environment, Set<String> setByTheCluster, ClusterLayout layout) {
        Set<String> clusterEnv = ClusterEnv.variables(layout).keySet();
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (PREFIXES.stream().anyMatch(name::startsWith) && !TOOLS_OWN.contains(name)
                    && !clusterEnv.contains(name) && !setByTheCluster.contains(name)
                    && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
                settings.put(name, value);
            }
        });
        return settings;
    }

    /** What is kept, by name; nothing when the cluster was never brought up or was brought down since. */
    public static Map<String, String> read(ClusterLayout layout) {
        Path file = file(layout);
        Map<String, String> settings = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return settings;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (line.isBlank() || line.startsWith("#") || equals <= 0) {
                    continue;
                }
                settings.put(line.substring(0, equals), unquote(line.substring(equals + 1), file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return settings;
    }

    /** Keeps {@code given} over what is kept (a name given replaces its value); returns all that is kept now. */
    static Map<String, String> keep(ClusterLayout layout, Map<String, String> given) {
        Map<String, String> kept = read(layout);
        if (given.isEmpty()) {
            return kept;
        }
        kept.putAll(given);
        StringBuilder text = new StringBuilder("# ./extauth cluster up: the services' settings it was given; every "
                + "later start of a service instance gets them (unless its own command sets one). Owner-only.\n");
        kept.forEach((name, value) -> text.append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        try {
            StackSecrets.createHome(layout.home());
            StackSecrets.replaceOwnerOnly(file(layout), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file(layout), e);
        }
        return kept;
    }

    /** Forgets every kept setting ({@code cluster down}). */
    static void forget(ClusterLayout layout) {
        try {
            Files.deleteIfExists(file(layout));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file(layout), e);
        }
    }

    /** Of the kept settings, those a start gets: the ones its own command's environment does not set. */
    static Map<String, String> forStart(Map<String, String> kept, Map<String, String> ownEnvironment) {
        Map<String, String> settings = new TreeMap<>(kept);
        settings.keySet().removeAll(ownEnvironment.keySet());
        return settings;
    }

    /** {@code 'a'\''b'} → {@code a'b}: the single quoting {@link #keep} writes; a plain word (edited by hand) as it is. */
    private static String unquote(String quoted, Path file) {
        StringBuilder value = new StringBuilder();
        int at = 0;
        while (at < quoted.length()) {
            if (quoted.charAt(at) == '\\' && at + 1 < quoted.length()) {
                // outside the quotes, as a shell reads it: \' is a quote
                value.append(quoted.charAt(at + 1));
                at += 2;
            } else if (quoted.charAt(at) == '\'') {
                int end = quoted.indexOf('\'', at + 1);
                if (end < 0) {
                    throw new IllegalStateException(file + ": a value without its closing quote: edit or delete the "
                            + "file (./extauth cluster down deletes it)");
                }
                value.append(quoted, at + 1, end);
                at = end + 1;
            } else {
                // a plain word, as one edited by hand may be
                value.append(quoted.charAt(at));
                at++;
            }
        }
        return value.toString();
    }
}
