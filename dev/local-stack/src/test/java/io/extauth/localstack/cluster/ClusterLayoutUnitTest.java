package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ClusterLayoutUnitTest {

    private static final Path HOME = Path.of("/tmp/some-cluster");

    @Test
    void theClusterHasTheFifteenProcessesOthersRelyOnByName() {
        assertThat(ClusterLayout.processNames()).containsExactly("kafka-1", "kafka-2", "kafka-3", "postgres", "mail",
                "simulator", "callback-front", "order-service-1", "order-service-2", "provisioning-service-1", "provisioning-service-2",
                "challenge-service-1", "challenge-service-2", "notification-service-1", "notification-service-2");
    }

    @Test
    void everyPortIsDerivedFromThePortBaseAndNoTwoProcessesShareOne() {
        List<Integer> ports = ports(new ClusterLayout(HOME, 19_000));

        assertThat(ports).doesNotHaveDuplicates().allSatisfy(port -> assertThat(port).isBetween(19_000, 19_099));
        assertThat(new ClusterLayout(HOME, 19_000).kafkaBootstrap())
                .isEqualTo("127.0.0.1:19001,127.0.0.1:19002,127.0.0.1:19003");
        assertThat(new ClusterLayout(HOME, 21_000).serviceUrls("challenge-service"))
                .containsExactly("http://127.0.0.1:21061", "http://127.0.0.1:21062");
    }

    @Test
    void twoClustersAHundredPortsApartNeverCollide() {
        Set<Integer> first = new HashSet<>(ports(new ClusterLayout(HOME, 19_000)));

        assertThat(ports(new ClusterLayout(HOME, 19_100))).noneMatch(first::contains);
    }

    @Test
    void aPortBaseWithoutRoomForAHundredPortsIsRefused() {
        assertThatThrownBy(() -> new ClusterLayout(HOME, 65_500)).hasMessageContaining("--port-base 65500");
    }

    @Test
    void pidFilesLogsAndTheEnvironmentFileLiveInTheHome() {
        ClusterLayout layout = new ClusterLayout(HOME, 19_000);

        assertThat(layout.pidFile("kafka-2")).isEqualTo(HOME.resolve("processes/kafka-2.pid"));
        assertThat(layout.logFile("order-service-1")).isEqualTo(HOME.resolve("logs/order-service-1.log"));
        assertThat(layout.envFile()).isEqualTo(HOME.resolve("cluster.env"));
    }

    static List<Integer> ports(ClusterLayout layout) {
        List<Integer> ports = new ArrayList<>();
        ClusterPlan plan = ClusterPlan.forInspection(layout);
        plan.all().forEach(process -> ports.addAll(process.ports()));
        return ports;
    }
}
