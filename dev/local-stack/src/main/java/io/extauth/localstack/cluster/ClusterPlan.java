package io.extauth.localstack.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.extauth.localstack.JwtKeys;
import io.extauth.localstack.PostgresSessionBounds;
import io.extauth.localstack.StackSecrets;

/**
 * How each process of the cluster is started. The services get their whole configuration from environment variables,
 * as they would from an orchestrator; their jars refuse to start without a broker, a datasource, keys and secrets.
 * <p>
 * Memory: the services run with {@value #SERVICE_HEAP}, the brokers with {@value #BROKER_HEAP}, the simulator and
 * the mail server with {@value #SMALL_HEAP}; every JVM uses the serial collector (no parallel GC threads to feed on a
 * small machine) and exits on an OutOfMemoryError instead of running on half-dead.
 */
public final class ClusterPlan {

    static final String SERVICE_HEAP = "-Xmx256m";
    static final String BROKER_HEAP = "-Xmx384m";
    static final String SMALL_HEAP = "-Xmx128m";
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xss512k");
    static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    static final String DB_USER = "postgres";
    static final Path UNSHARE = Path.of("/usr/bin/unshare");
    static final boolean RUNS_AS_ROOT = "root".equals(System.getProperty("user.name"));

    private final ClusterLayout layout;
    private final Jars jars;
    private final Path java;
    private final Secrets secrets;
    private final Path postgresBin;
    private final Map<String, String> keptSettings;

    /**
     * The values the services share: the vendor callback secret, the PIN pepper, the JWT public key, the database's
     * password.
     */
    public record Secrets(String callbackSecret, String pinPepper, String publicKeyLocation, String dbPassword) {

        public static Secrets of(StackSecrets secrets, JwtKeys keys) {
            return new Secrets(secrets.callbackSecret(), secrets.pinPepper(), keys.publicKeyLocation(),
                    secrets.postgresPassword());
        }

        @Override
        public String toString() {
            return "Secrets[******]";
        }
    }

    /**
     * @param keptSettings the services' settings {@code cluster up} was given that this command's own environment does
     *        not set ({@link ServiceSettings#forStart}): every service instance gets them, under what the cluster sets
     */
    public ClusterPlan(ClusterLayout layout, Jars jars, Path java, Secrets secrets, Path postgresBin,
            Map<String, String> keptSettings) {
        this.layout = layout;
        this.jars = jars;
        this.java = java;
        this.secrets = secrets;
        this.postgresBin = postgresBin;
        this.keptSettings = Map.copyOf(keptSettings);
    }

    /**
     * A plan to look at what runs (names, addresses, readiness) without building, extracting or generating anything:
     * its commands are not meant to be started.
     */
    public static ClusterPlan forInspection(ClusterLayout layout) {
        Path none = layout.home().resolve("(not prepared)");
        Map<String, Path> services = new LinkedHashMap<>();
        ClusterLayout.SERVICES.forEach(service -> services.put(service, none));
        // the database's readiness is asked with its password, read where it is and never made here
        return new ClusterPlan(layout, new Jars(none, none, services), none,
                new Secrets("", "", "", existingPassword(layout)), none, Map.of());
    }

    private static String existingPassword(ClusterLayout layout) {
        Path file = layout.keysDir().resolve(StackSecrets.POSTGRES_PASSWORD_FILE);
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.US_ASCII).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Every process, in {@link ClusterLayout#processNames()} order. */
    public List<ClusterProcess> all() {
        return ClusterLayout.processNames().stream().map(this::process).toList();
    }

    public ClusterProcess process(String name) {
        if (name.startsWith("kafka-")) {
            return kafka(Integer.parseInt(name.substring("kafka-".length())));
        }
        return switch (name) {
            case "postgres" -> postgres();
            case "mail" -> mail();
            case "simulator" -> simulator();
            case ClusterLayout.CALLBACK_FRONT -> callbackFront();
            default -> {
                int dash = name.lastIndexOf('-');
                String service = dash > 0 ? name.substring(0, dash) : name;
                if (dash < 0 || !ClusterLayout.SERVICES.contains(service)) {
                    throw new IllegalArgumentException("no process named " + name + "; the processes are "
                            + String.join(" ", ClusterLayout.processNames()));
                }
                yield service(service, Integer.parseInt(name.substring(dash + 1)));
            }
        };
    }

    ClusterProcess kafka(int node) {
        List<String> command = jvm(BROKER_HEAP);
        command.addAll(List.of("-Dloader.main=kafka.Kafka", "-cp", jars.localStack().toString(), PROPERTIES_LAUNCHER,
                KafkaNodes.configFile(layout, node).toString()));
        return new ClusterProcess(ClusterLayout.kafka(node), command, Map.of("EXTAUTH_LOG_LEVEL", "INFO"),
                layout.home(), List.of(layout.kafkaPort(node), layout.kafkaControllerPort(node)),
                ClusterLayout.HOST + ":" + layout.kafkaPort(node) + " (controller :" + layout.kafkaControllerPort(node) + ")",
                Readiness.listening(List.of(layout.kafkaPort(node))), ClusterProcess.StopSignal.TERM);
    }

    ClusterProcess postgres() {
        List<String> command = new ArrayList<>();
        if (RUNS_AS_ROOT && Files.isExecutable(UNSHARE)) {
            // PostgreSQL refuses to run as root; as zonky does, a user namespace of its own makes it nobody there
            command.addAll(List.of(UNSHARE.toString(), "-U"));
        }
        command.addAll(List.of(postgresBin.resolve("postgres").toString(),
                "-D", layout.postgresDataDir().toString(),
                "-p", Integer.toString(layout.postgresPort()),
                "-c", "listen_addresses=" + ClusterLayout.HOST,
                "-c", "unix_socket_directories=",
                // eight pools of 10 plus the tools; the default 100 leaves little room
                "-c", "max_connections=200"));
        // sessions whose client went silent end within a minute, and their locks with them
        command.addAll(PostgresSessionBounds.commandLine());
        return new ClusterProcess("postgres", command, Map.of(), layout.home(), List.of(layout.postgresPort()),
                layout.jdbcUrl(), Readiness.jdbc(layout.jdbcUrl(), DB_USER, secrets.dbPassword()), ClusterProcess.StopSignal.INT);
    }

    ClusterProcess mail() {
        List<String> command = jvm(SMALL_HEAP);
        command.addAll(List.of("-Dloader.main=" + MailMain.class.getName(), "-cp", jars.localStack().toString(),
                PROPERTIES_LAUNCHER, Integer.toString(layout.smtpPort()), Integer.toString(layout.mailApiPort()),
                layout.mailDir().toString()));
        return new ClusterProcess("mail", command, Map.of("EXTAUTH_LOG_LEVEL", "INFO"), layout.home(),
                List.of(layout.smtpPort(), layout.mailApiPort()),
                "smtp " + ClusterLayout.HOST + ":" + layout.smtpPort() + ", api " + layout.mailApiUrl(),
                Readiness.listening(List.of(layout.smtpPort(), layout.mailApiPort())), ClusterProcess.StopSignal.TERM);
    }

    ClusterProcess simulator() {
        List<String> command = jvm(SMALL_HEAP);
        command.addAll(List.of("-jar", jars.simulator().toString()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(layout.simulatorPort()));
        env.put("SERVER_ADDRESS", ClusterLayout.HOST);
        env.put("SIMULATOR_CALLBACKSECRET", secrets.callbackSecret());
        env.put("SIMULATOR_STATEFILE", layout.simulatorStateFile().toString());
        return new ClusterProcess("simulator", command, env, layout.home(), List.of(layout.simulatorPort()),
                layout.simulatorUrl(), Readiness.listening(List.of(layout.simulatorPort())), ClusterProcess.StopSignal.TERM);
    }

    /** The vendor's one callback address, in front of every challenge-service instance (see {@link CallbackFront}). */
    ClusterProcess callbackFront() {
        List<String> command = jvm(SMALL_HEAP);
        command.addAll(List.of("-Dloader.main=" + CallbackFrontMain.class.getName(), "-cp", jars.localStack().toString(),
                PROPERTIES_LAUNCHER, ClusterLayout.HOST, Integer.toString(layout.callbackFrontPort()),
                String.join(",", layout.serviceUrls("challenge-service"))));
        return new ClusterProcess(ClusterLayout.CALLBACK_FRONT, command, Map.of("EXTAUTH_LOG_LEVEL", "INFO"),
                layout.home(), List.of(layout.callbackFrontPort()),
                layout.callbackFrontUrl() + " -> challenge-service-1, challenge-service-2",
                Readiness.listening(List.of(layout.callbackFrontPort())), ClusterProcess.StopSignal.TERM);
    }

    ClusterProcess service(String service, int instance) {
        int port = layout.servicePort(service, instance);
        List<String> command = jvm(SERVICE_HEAP);
        command.addAll(List.of("-jar", jars.service(service).toString()));
        Map<String, String> env = new LinkedHashMap<>(keptSettings);
        env.putAll(serviceEnvironment(service, instance));
        return new ClusterProcess(service + "-" + instance, command, env,
                layout.home(), List.of(port), layout.serviceUrl(service, instance),
                Readiness.http(layout.serviceUrl(service, instance) + "/actuator/health/readiness"),
                ClusterProcess.StopSignal.TERM);
    }

    /** The kept settings every service instance this plan starts gets ({@link ServiceSettings#forStart}). */
    public Map<String, String> keptSettings() {
        return keptSettings;
    }

    /** The names of the variables the cluster sets for some service itself: no kept setting overrides them. */
    Set<String> setByTheCluster() {
        Set<String> names = new TreeSet<>();
        ClusterLayout.SERVICES.forEach(service -> names.addAll(serviceEnvironment(service, 1).keySet()));
        return names;
    }

    /** A service instance's configuration: the same variable names as docker-compose.yml uses. */
    Map<String, String> serviceEnvironment(String service, int instance) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(layout.servicePort(service, instance)));
        env.put("SERVER_ADDRESS", ClusterLayout.HOST);
        env.put("SPRING_KAFKA_BOOTSTRAPSERVERS", layout.kafkaBootstrap());
        env.put("SPRING_DATASOURCE_URL", layout.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", DB_USER);
        env.put("SPRING_DATASOURCE_PASSWORD", secrets.dbPassword());
        env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLICKEYLOCATION", secrets.publicKeyLocation());
        env.put("EXTAUTH_SECURITY_JWT_ISSUER", JwtKeys.ISSUER);
        env.put("EXTAUTH_SECURITY_JWT_AUDIENCE", JwtKeys.AUDIENCE);
        switch (service) {
            case "provisioning-service" -> {
                env.put("EXTAUTH_VENDORS_PHONEFACTOR_BASEURL", layout.simulatorUrl());
                env.put("EXTAUTH_VENDORS_SYMANTECVIP_BASEURL", layout.simulatorUrl());
            }
            case "challenge-service" -> {
                env.put("EXTAUTH_VENDORS_PHONEFACTOR_BASEURL", layout.simulatorUrl());
                env.put("EXTAUTH_VENDORS_SYMANTECVIP_BASEURL", layout.simulatorUrl());
                env.put("EXTAUTH_VENDORS_PHONEFACTOR_CALLBACKSECRET", secrets.callbackSecret());
                env.put("EXTAUTH_PIN_PEPPER", secrets.pinPepper());
                // one address for all instances: the vendor's callback reaches a live one when the caller died
                env.put("EXTAUTH_CALLBACKS_BASEURL", layout.callbackFrontUrl());
                // the simulator's fictional +1 555 numbers, which no numbering plan assigns
                env.put("EXTAUTH_CONTACTS_PHONES_TESTPREFIXES", "+1555");
            }
            case "notification-service" -> {
                env.put("SPRING_MAIL_HOST", ClusterLayout.HOST);
                env.put("SPRING_MAIL_PORT", Integer.toString(layout.smtpPort()));
            }
            default -> {
            }
        }
        return env;
    }

    private List<String> jvm(String heap) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add(heap);
        command.addAll(JVM_OPTIONS);
        return command;
    }
}
