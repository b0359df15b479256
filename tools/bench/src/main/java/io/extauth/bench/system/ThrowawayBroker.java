package io.extauth.bench.system;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A KRaft broker in this JVM on a temporary directory and free ports, configured like the local stack's, for a history
 * that must not reach the stack's services (the audit scenario writes a million synthetic events onto the contract's
 * topics). Deleted on close.
 */
public final class ThrowawayBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final KafkaRaftServer server;

    private ThrowawayBroker(Path dir, int port, KafkaRaftServer server) {
        this.dir = dir;
        this.port = port;
        this.server = server;
    }

    public static ThrowawayBroker start() {
        try {
            Path dir = Files.createTempDirectory("extauth-bench-kafka-");
            int port = freePort();
            int controllerPort = freePort();
            Exit.setExitProcedure((status, message) -> {
                throw new IllegalStateException("Kafka asked to exit (" + status + "): " + message);
            });
            Exit.setHaltProcedure((status, message) -> {
                throw new IllegalStateException("Kafka asked to halt (" + status + "): " + message);
            });
            new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream())).setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString()).setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dir.toString()).addDirectory(dir.toString()).run();
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config(dir, port, controllerPort), false),
                    Time.SYSTEM);
            server.startup();
            return new ThrowawayBroker(dir, port, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start a throwaway Kafka broker: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private static Map<String, Object> config(Path dir, int port, int controllerPort) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", dir.toString());
        config.put("auto.create.topics.enable", "true");
        config.put("num.partitions", "3");
        config.put("default.replication.factor", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "10");
        config.put("transaction.state.log.num.partitions", "10");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("min.insync.replicas", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        StartupProbe.deleteQuietly(dir);
    }
}
