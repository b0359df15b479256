package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.extauth.localstack.CheckoutFiles;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's {@code COPY . .} takes the whole checkout but what .dockerignore leaves out: a stack's home, wherever
 * it is in the checkout, must stay out of the build's context (its keys, secrets and database), and nothing the build
 * compiles may. Docker itself is not available here: the patterns are matched as Docker's does (Go's
 * {@code filepath.Match} per path element, {@code **} for any number of directories, a path left out when it or a
 * directory above it matches; no {@code !} exception is used).
 */
class DockerIgnoreUnitTest {

    private static final Path CHECKOUT = Path.of("../..");

    private final List<Pattern> patterns = patterns();

    @Test
    void aStackHomeAnywhereInTheCheckoutStaysOutOfTheBuildContext() {
        assertThat(List.of(
                ".extauth/keys/jwt-private.pem",
                ".extauth/data/postgres/PG_VERSION",
                ".extauth/cluster/keys/pin-pepper",
                // ./extauth up --home home
                "home/keys/jwt-private.pem",
                "home/keys/postgres-password",
                "home/data/postgres/base/1/1259",
                "home/data/mail/1.eml",
                "home/postgres-binaries/PG-8633e0cc222b6e8c5af57b0768a0fd0d/bin/postgres",
                "home/up.lock",
                // EXTAUTH_HOME=stacks/mine, a cluster's --home somewhere else in the checkout
                "stacks/mine/keys/callback-secret",
                "stacks/mine/data/simulator/state.json",
                "stacks/mine/postgres-binaries/PG-8633e0cc222b6e8c5af57b0768a0fd0d/.exists",
                "tmp/cluster/keys/jwt-private.pem",
                "tmp/cluster/data/postgres/postmaster.pid",
                "tmp/cluster/cluster.env",
                "tmp/cluster/service-settings.env",
                "tmp/cluster/service-settings.env.0b5e6c1e-54c8-4d2a-9a47-3b1f2a9c0d11.next",
                "tmp/cluster/service-settings.env.lock",
                "tmp/cluster/logs/order-service-1.log"))
                .allSatisfy(path -> assertThat(excluded(path)).as(path).isTrue());
    }

    @Test
    void whatTheImageIsBuiltFromIsInTheContext() throws IOException {
        List<String> sources = new ArrayList<>(List.of("pom.xml", "mvnw", "Dockerfile"));
        CheckoutFiles.under(CHECKOUT).stream().map(file -> CHECKOUT.relativize(file).toString().replace('\\', '/'))
                .filter(path -> path.startsWith(".mvn/") || path.endsWith("/pom.xml") || path.contains("/src/main/"))
                .forEach(sources::add);

        assertThat(sources).hasSizeGreaterThan(100)
                .contains("dev/vendor-simulator/src/main/java/io/extauth/simulator/ResetController.java");
        assertThat(sources).filteredOn(this::excluded).isEmpty();
    }

    private boolean excluded(String path) {
        String[] elements = path.split("/");
        for (int depth = 1; depth <= elements.length; depth++) {
            String prefix = String.join("/", java.util.Arrays.copyOf(elements, depth));
            if (patterns.stream().anyMatch(pattern -> pattern.matcher(prefix).matches())) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> patterns() {
        try {
            return Files.readAllLines(CHECKOUT.resolve(".dockerignore")).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .peek(line -> assertThat(line).as("an exception would need the matching in order").doesNotStartWith("!"))
                    .map(DockerIgnoreUnitTest::regex).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A .dockerignore line as a regular expression over a path relative to the context, '/'-separated. */
    static Pattern regex(String line) {
        String pattern = line.replaceAll("/+$", "").replaceAll("^/+", "");
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (pattern.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
