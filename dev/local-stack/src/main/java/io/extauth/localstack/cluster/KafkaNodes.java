package io.extauth.localstack.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.IntStream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * The three KRaft nodes, each broker and controller at once, as a static quorum of three: every topic gets three
 * replicas by default and takes a write with two in sync, so any one node may be down. Their {@code server.properties}
 * are written on every start (so a changed port base takes effect); their log directories are formatted once, with
 * one cluster id, and kept afterwards.
 */
public final class KafkaNodes {

    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KafkaNodes() {
    }

    public static Path configFile(ClusterLayout layout, int node) {
        return layout.configDir().resolve(ClusterLayout.kafka(node) + ".properties");
    }

    /** Writes the configuration of every node and formats the log directories that are new. */
    public static void prepare(ClusterLayout layout) {
        try {
            Files.createDirectories(layout.configDir());
            String clusterId = existingClusterId(layout).orElseGet(() -> Uuid.randomUuid().toString());
            for (int node = 1; node <= ClusterLayout.BROKERS; node++) {
                writeConfig(layout, node);
                formatIfNew(layout, node, clusterId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Kafka nodes in " + layout.dataDir(), e);
        }
    }

    static Map<String, String> config(ClusterLayout layout, int node) {
        String host = ClusterLayout.HOST;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(node));
        config.put("controller.quorum.voters", layout.controllerQuorumVoters());
        config.put("listeners", "PLAINTEXT://" + host + ":" + layout.kafkaPort(node)
                + "," + CONTROLLER_LISTENER + "://" + host + ":" + layout.kafkaControllerPort(node));
        config.put("advertised.listeners", "PLAINTEXT://" + host + ":" + layout.kafkaPort(node));
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("log.dirs", layout.kafkaDataDir(node).toString());
        config.put("num.partitions", "3");
        config.put("default.replication.factor", "3");
        config.put("min.insync.replicas", "2");
        config.put("offsets.topic.replication.factor", "3");
        config.put("transaction.state.log.replication.factor", "3");
        config.put("transaction.state.log.min.isr", "2");
        // fewer internal partitions than the default 50: the first consumer group and transaction start much faster
        config.put("offsets.topic.num.partitions", "10");
        config.put("transaction.state.log.num.partitions", "10");
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    private static void writeConfig(ClusterLayout layout, int node) throws IOException {
        StringBuilder text = new StringBuilder("# written by ./extauth cluster on every start; edits are overwritten\n");
        config(layout, node).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(configFile(layout, node), text.toString(), StandardCharsets.UTF_8);
    }

    private static Optional<String> existingClusterId(ClusterLayout layout) throws IOException {
        for (int node : IntStream.rangeClosed(1, ClusterLayout.BROKERS).toArray()) {
            Path meta = layout.kafkaDataDir(node).resolve("meta.properties");
            if (Files.exists(meta)) {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(meta)) {
                    properties.load(in);
                }
                return Optional.ofNullable(properties.getProperty("cluster.id"));
            }
        }
        return Optional.empty();
    }

    private static void formatIfNew(ClusterLayout layout, int node, String clusterId) throws IOException {
        Path dir = layout.kafkaDataDir(node);
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        Files.createDirectories(dir);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(node)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir.toString())
                    .addDirectory(dir.toString())
                    .setIgnoreFormatted(false)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format " + dir + ": " + e.getMessage(), e);
        }
    }
}
