package io.extauth.localstack.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where a cluster lives and which ports it takes: everything is derived from its home and one port base, so two
 * clusters with different bases never collide. Every port lies in {@code [portBase, portBase + 100)}.
 *
 * <pre>
 *   kafka-N        base + N (clients), base + 10 + N (controller)     N = 1..3
 *   postgres       base + 20
 *   mail           base + 25 (SMTP), base + 26 (read API)
 *   simulator      base + 30
 *   callback-front base + 60 (the one callback address of the challenge-service instances)
 *   order-service-I, provisioning-service-I, challenge-service-I, notification-service-I
 *                  base + 40 + I, base + 50 + I, base + 60 + I, base + 70 + I    I = 1..2
 * </pre>
 */
public record ClusterLayout(Path home, int portBase) {

    public static final int DEFAULT_PORT_BASE = 19_000;
    public static final int BROKERS = 3;
    public static final int INSTANCES = 2;
    public static final String HOST = "127.0.0.1";
    public static final String CALLBACK_FRONT = "callback-front";
    public static final List<String> SERVICES = List.of(
            "order-service", "provisioning-service", "challenge-service", "notification-service");

    public ClusterLayout {
        home = home.toAbsolutePath().normalize();
        if (portBase < 1024 || portBase + 100 > 65_536) {
            throw new IllegalArgumentException("--port-base " + portBase + " must leave room for 100 ports between 1024 and 65535");
        }
    }

    /** Every process, in the order {@code up} starts them and the reverse of the one {@code down} stops them. */
    public static List<String> processNames() {
        List<String> names = new ArrayList<>();
        IntStream.rangeClosed(1, BROKERS).forEach(n -> names.add(kafka(n)));
        names.add("postgres");
        names.add("mail");
        names.add("simulator");
        names.add(CALLBACK_FRONT);
        for (String service : SERVICES) {
            IntStream.rangeClosed(1, INSTANCES).forEach(i -> names.add(service + "-" + i));
        }
        return names;
    }

    public static String kafka(int node) {
        return "kafka-" + node;
    }

    public int kafkaPort(int node) {
        return portBase + node;
    }

    public int kafkaControllerPort(int node) {
        return portBase + 10 + node;
    }

    public int postgresPort() {
        return portBase + 20;
    }

    public int smtpPort() {
        return portBase + 25;
    }

    public int mailApiPort() {
        return portBase + 26;
    }

    public int simulatorPort() {
        return portBase + 30;
    }

    /** In the challenge-service's block (its instances are base + 61, + 62). */
    public int callbackFrontPort() {
        return portBase + 60;
    }

    public int servicePort(String service, int instance) {
        int index = SERVICES.indexOf(service);
        if (index < 0 || instance < 1 || instance > INSTANCES) {
            throw new IllegalArgumentException("no such service instance: " + service + "-" + instance);
        }
        return portBase + 40 + 10 * index + instance;
    }

    public String kafkaBootstrap() {
        return String.join(",", IntStream.rangeClosed(1, BROKERS).mapToObj(n -> HOST + ":" + kafkaPort(n)).toList());
    }

    /** {@code 1@127.0.0.1:<controller port>,...}: the static controller quorum of the three combined nodes. */
    public String controllerQuorumVoters() {
        return String.join(",", IntStream.rangeClosed(1, BROKERS)
                .mapToObj(n -> n + "@" + HOST + ":" + kafkaControllerPort(n)).toList());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + postgresPort() + "/postgres";
    }

    public String simulatorUrl() {
        return "http://" + HOST + ":" + simulatorPort();
    }

    /** The address the vendor calls back: the front, which reaches whichever challenge-service instance lives. */
    public String callbackFrontUrl() {
        return "http://" + HOST + ":" + callbackFrontPort();
    }

    public String mailApiUrl() {
        return "http://" + HOST + ":" + mailApiPort();
    }

    public String serviceUrl(String service, int instance) {
        return "http://" + HOST + ":" + servicePort(service, instance);
    }

    public List<String> serviceUrls(String service) {
        return IntStream.rangeClosed(1, INSTANCES).mapToObj(i -> serviceUrl(service, i)).toList();
    }

    public Path processesDir() {
        return home.resolve("processes");
    }

    public Path pidFile(String name) {
        return processesDir().resolve(name + ".pid");
    }

    public Path logsDir() {
        return home.resolve("logs");
    }

    public Path logFile(String name) {
        return logsDir().resolve(name + ".log");
    }

    public Path dataDir() {
        return home.resolve("data");
    }

    public Path kafkaDataDir(int node) {
        return dataDir().resolve(kafka(node));
    }

    public Path postgresDataDir() {
        return dataDir().resolve("postgres");
    }

    /** The PostgreSQL binaries, extracted once from the zonky jar. */
    public Path postgresBinariesDir() {
        return home.resolve("postgres-binaries");
    }

    public Path mailDir() {
        return dataDir().resolve("mail");
    }

    public Path simulatorStateFile() {
        return dataDir().resolve("simulator").resolve("state.json");
    }

    public Path configDir() {
        return home.resolve("config");
    }

    public Path keysDir() {
        return home.resolve("keys");
    }

    public Path envFile() {
        return home.resolve("cluster.env");
    }

    /** The port base this home was first started with, so later commands without --port-base find it again. */
    public static Path portBaseFile(Path home) {
        return home.toAbsolutePath().normalize().resolve("port-base");
    }
}
