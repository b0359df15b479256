package io.extauth.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.jspecify.annotations.Nullable;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller, node 1), in this JVM.
 * The log directory is formatted on first start only, so a restart on the same directory keeps the cluster id and
 * every record. Port 0 picks a free port, readable through {@link #port()} and {@link #controllerPort()}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The log cleaner's dedupe buffer: 8 MiB instead of Kafka's 128 MiB (see {@link #config()}). */
    static final long LOG_CLEANER_DEDUPE_BUFFER_BYTES = 8L * 1024 * 1024;

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private @Nullable KafkaRaftServer server;
    private @Nullable String clusterId;

    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = Ports.resolve(port);
        this.controllerPort = Ports.resolve(controllerPort);
    }

    /** Formats the log directory if it is new, starts the broker and returns once it accepts clients. */
    public synchronized KafkaBroker start() {
        if (server != null) {
            return this;
        }
        Ports.requireFree(port, "Kafka broker");
        Ports.requireFree(controllerPort, "Kafka controller");
        // Kafka calls System.exit on fatal errors; in a shared JVM that must become an exception instead.
        Exit.setExitProcedure(KafkaBroker::refuseExit);
        Exit.setHaltProcedure(KafkaBroker::refuseExit);
        clusterId = formatIfNew();
        KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
        try {
            raftServer.startup();
        } catch (RuntimeException e) {
            raftServer.shutdown();
            raftServer.awaitShutdown();
            throw e;
        }
        server = raftServer;
        return this;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The cluster id written when the log directory was formatted; known once started. */
    public @Nullable String clusterId() {
        return clusterId;
    }

    /** Controlled shutdown: the broker hands over to the controller, then the controller stops. */
    @Override
    public synchronized void close() {
        KafkaRaftServer raftServer = server;
        server = null;
        if (raftServer != null) {
            raftServer.shutdown();
            raftServer.awaitShutdown();
        }
    }

    Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + Ports.LOOPBACK + ":" + controllerPort);
        config.put("listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port
                + "," + CONTROLLER_LISTENER + "://" + Ports.LOOPBACK + ":" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("log.dirs", dataDir.toString());
        config.put("auto.create.topics.enable", "true");
        config.put("num.partitions", "3");
        config.put("default.replication.factor", "1");
        config.put("offsets.topic.replication.factor", "1");
        // fewer internal partitions than the default 50: the first consumer group and transaction start much faster
        config.put("offsets.topic.num.partitions", "10");
        config.put("transaction.state.log.num.partitions", "10");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("min.insync.replicas", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // the log cleaner (compacted __consumer_offsets) keeps its dedupe buffer on the heap for the broker's life:
        // Kafka's default of 128 MiB was half of the stack JVM's live heap (GC.class_histogram, issue 14); 8 MiB
        // still compacts a local stack's offsets in one pass
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(LOG_CLEANER_DEDUPE_BUFFER_BYTES));
        return config;
    }

    /** Formats like {@code kafka-storage.sh format} does, unless the directory already holds a formatted log. */
    private String formatIfNew() {
        Path metaProperties = dataDir.resolve("meta.properties");
        try {
            if (Files.exists(metaProperties)) {
                return readClusterId(metaProperties);
            }
            Files.createDirectories(dataDir);
            String newClusterId = Uuid.randomUuid().toString();
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(newClusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dataDir.toString())
                    .addDirectory(dataDir.toString())
                    .setIgnoreFormatted(false)
                    .run();
            return newClusterId;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static String readClusterId(Path metaProperties) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(metaProperties)) {
            properties.load(in);
        }
        String id = properties.getProperty("cluster.id");
        if (id == null) {
            throw new IllegalStateException(metaProperties + " has no cluster.id; delete the directory or run ./extauth reset");
        }
        return id;
    }

    private static void refuseExit(int statusCode, @Nullable String message) {
        throw new IllegalStateException("Kafka asked to exit the JVM (status " + statusCode + "): " + message);
    }
}
