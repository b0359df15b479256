package io.extauth.localstack.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The executable jars the cluster runs, found in the build output of a checkout ({@code ./extauth} builds them when
 * they are missing or older than the sources): each service's and the simulator's own jar, and the local stack's,
 * whose classpath runs the Kafka brokers and the mail server.
 */
public record Jars(Path localStack, Path simulator, Map<String, Path> services) {

    public static Jars in(Path checkout) {
        Map<String, Path> services = new LinkedHashMap<>();
        for (String service : ClusterLayout.SERVICES) {
            services.put(service, find(checkout.resolve(service), service));
        }
        return new Jars(find(checkout.resolve("dev/local-stack"), "local-stack"),
                find(checkout.resolve("dev/vendor-simulator"), "vendor-simulator"), services);
    }

    public Path service(String service) {
        Path jar = services.get(service);
        if (jar == null) {
            throw new IllegalArgumentException("no jar for " + service);
        }
        return jar;
    }

    private static Path find(Path module, String artifact) {
        Path target = module.resolve("target");
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().startsWith(artifact + "-"))
                    .filter(f -> f.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .map(f -> f.toAbsolutePath().normalize())
                    .orElseThrow(() -> new IllegalStateException("no " + artifact + "-*-exec.jar in " + target
                            + ": ./extauth cluster builds it"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
