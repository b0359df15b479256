package io.extauth.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses of a running {@code ./extauth cluster}, read from its sourceable {@code <home>/cluster.env}
 * ({@code KEY=value} or {@code export KEY=value} lines, values optionally quoted).
 */
public record ClusterEnv(Path home, Map<String, String> values) {

    public static ClusterEnv read(Path home) {
        Path file = home.resolve("cluster.env");
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                if (text.startsWith("export ")) {
                    text = text.substring("export ".length()).strip();
                }
                int equals = text.indexOf('=');
                if (equals > 0) {
                    values.put(text.substring(0, equals), unquote(text.substring(equals + 1).strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": is a cluster up there (./extauth cluster up)?", e);
        }
        return new ClusterEnv(home, values);
    }

    public String get(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(home.resolve("cluster.env") + " has no " + name);
        }
        return value;
    }

    /** The first line of the file the variable {@code name} names: a secret kept out of this file. */
    public String secret(String name) {
        Path file = Path.of(get(name));
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (" + name + ")", e);
        }
    }

    public List<String> list(String name) {
        return Arrays.stream(get(name).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(ClusterEnv::stripSlash).toList();
    }

    public String url(String name) {
        return stripSlash(get(name));
    }

    /**
     * The private key that signs tokens for the cluster: a variable naming a {@code .pem} with "JWT" and "PRIVATE" in
     * its name, else {@code <home>/keys/jwt-private.pem}.
     */
    public Path jwtPrivateKey() {
        Optional<String> named = values.entrySet().stream()
                .filter(e -> e.getKey().toUpperCase(Locale.ROOT).contains("JWT")
                        && e.getKey().toUpperCase(Locale.ROOT).contains("PRIVATE"))
                .map(Map.Entry::getValue).findFirst();
        return named.map(Path::of).orElse(home.resolve("keys").resolve("jwt-private.pem"));
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
