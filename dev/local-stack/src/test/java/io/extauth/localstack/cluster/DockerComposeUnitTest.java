package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.extauth.localstack.PostgresSessionBounds;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml is the cluster of {@code ./extauth cluster} in containers (Docker itself is not available here,
 * so this reads the file as Compose would, anchors and merge keys included).
 */
class DockerComposeUnitTest {

    private static final Path COMPOSE = Path.of("../../docker-compose.yml");

    private final Map<String, Map<String, Object>> services = services();
    private final ClusterPlan cluster = ClusterPlan.forInspection(new ClusterLayout(Path.of("/tmp/cluster"), 19_000));

    @Test
    void threeKraftNodesFormOneQuorumWithThreeReplicasAndTwoInSync() {
        List<String> brokers = services.keySet().stream().filter(name -> name.startsWith("kafka-")).sorted().toList();

        assertThat(brokers).containsExactly("kafka-1", "kafka-2", "kafka-3");
        for (int node = 1; node <= 3; node++) {
            Map<String, Object> env = environment("kafka-" + node);
            assertThat(env).containsEntry("KAFKA_NODE_ID", node)
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", 2)
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", 2)
                    .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-" + node + ":9092");
        }
    }

    @Test
    void theContainersAreTheClustersProcessesUnderTheSameNames() {
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(ClusterLayout.processNames());
    }

    @Test
    void eachServiceInstanceGetsEveryVariableTheClusterSets() {
        for (String service : ClusterLayout.SERVICES) {
            for (int instance = 1; instance <= ClusterLayout.INSTANCES; instance++) {
                assertThat(environment(service + "-" + instance)).as(service + "-" + instance)
                        .containsKeys(cluster.serviceEnvironment(service, instance).keySet().toArray(String[]::new));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyChallengeServiceInstanceIsCalledBackThroughTheOneFrontThatReachesThemAll() {
        for (int instance = 1; instance <= ClusterLayout.INSTANCES; instance++) {
            assertThat(environment("challenge-service-" + instance)).as("challenge-service-" + instance)
                    .containsEntry("EXTAUTH_CALLBACKS_BASEURL", "http://callback-front:8080")
                    .containsEntry("SERVER_PORT", 8083);
        }
        Map<String, Object> front = services.get(ClusterLayout.CALLBACK_FRONT);

        assertThat((List<String>) front.get("entrypoint")).contains("-Dloader.main=" + CallbackFrontMain.class.getName(),
                ClusterPlan.PROPERTIES_LAUNCHER);
        assertThat((List<String>) front.get("command"))
                .containsExactly("0.0.0.0", "8080", "http://challenge-service-1:8083,http://challenge-service-2:8083");
    }

    @Test
    void theServicesThatReachTheSimulatorOverPlainHttpSayThatItIsAllowedAndNoOtherDoes() {
        for (String name : ClusterLayout.processNames()) {
            if (name.startsWith("provisioning-service-") || name.startsWith("challenge-service-")) {
                assertThat(environment(name)).as(name).containsEntry("EXTAUTH_VENDORS_ALLOWPLAINHTTP", "true");
            } else if (name.contains("-service-")) {
                assertThat(environment(name)).as(name).doesNotContainKey("EXTAUTH_VENDORS_ALLOWPLAINHTTP");
            }
        }
    }

    @Test
    void secretsComeFromTheEnvironmentWithoutDefaults() {
        assertThat(environment("challenge-service-1").get("EXTAUTH_VENDORS_PHONEFACTOR_CALLBACKSECRET"))
                .asString().matches("\\$\\{EXTAUTH_CALLBACK_SECRET:\\?.+}");
        assertThat(environment("challenge-service-2").get("EXTAUTH_PIN_PEPPER")).asString().matches("\\$\\{EXTAUTH_PIN_PEPPER:\\?.+}");
        assertThat(environment("simulator").get("SIMULATOR_CALLBACKSECRET")).asString().matches("\\$\\{EXTAUTH_CALLBACK_SECRET:\\?.+}");
        assertThat(environment("postgres").get("POSTGRES_PASSWORD")).asString().matches("\\$\\{EXTAUTH_DB_PASSWORD:\\?.+}");
        for (String name : ClusterLayout.processNames()) {
            if (name.contains("-service-")) {
                assertThat(environment(name).get("SPRING_DATASOURCE_PASSWORD")).as(name).asString()
                        .matches("\\$\\{EXTAUTH_DB_PASSWORD:\\?.+}");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aServiceContainerGetsThePublicKeyAloneRunsAsNoRootAndTheImageLeavesTheStacksHomeOut() throws IOException {
        for (String name : ClusterLayout.processNames()) {
            if (name.contains("-service-")) {
                // the keys directory holds the key that signs tokens, the pepper and the callback secret
                assertThat((List<String>) services.get(name).get("volumes")).as(name)
                        .containsExactly("./.extauth/cluster/keys/jwt-public.pem:/keys/jwt-public.pem:ro");
            }
        }
        List<String> dockerfile = Files.readAllLines(COMPOSE.resolveSibling("Dockerfile"));
        List<String> runtime = dockerfile.subList(dockerfile.lastIndexOf(dockerfile.stream()
                .filter(line -> line.startsWith("FROM ")).reduce((first, last) -> last).orElseThrow()),
                dockerfile.size());
        assertThat(runtime).as("the runtime stage").anyMatch(line -> line.matches("USER [1-9][0-9]*(:[0-9]+)?"));
        assertThat(Files.readAllLines(COMPOSE.resolveSibling(".dockerignore"))).contains(".extauth/", ".git/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void postgresEndsTheSessionsOfClientsGoneSilentAsTheClustersDoes() {
        List<String> command = (List<String>) services.get("postgres").get("command");

        assertThat(command).startsWith("postgres").containsSubsequence("-c", "max_connections=200");
        PostgresSessionBounds.SETTINGS.forEach((name, value) ->
                assertThat(command).as(name).containsSubsequence("-c", name + "=" + value));
    }

    @Test
    void everyContainerHasAMemoryLimitAndEveryJvmASmallHeap() {
        services.forEach((name, service) -> assertThat(service).as(name).containsKey("mem_limit"));
        assertThat(environment("order-service-1")).containsEntry("JAVA_HEAP_OPTS", ClusterPlan.SERVICE_HEAP);
        assertThat(environment("kafka-2").get("KAFKA_HEAP_OPTS")).asString().contains(ClusterPlan.BROKER_HEAP);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(String service) {
        return (Map<String, Object>) services.get(service).get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) compose.get("services");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
