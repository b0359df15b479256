package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.localstack.PostgresSessionBounds;
import io.extauth.localstack.StackSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPlanUnitTest {

    private final ClusterLayout layout = new ClusterLayout(Path.of("/tmp/some-cluster"), 21_000);
    private final ClusterPlan plan = ClusterPlan.forInspection(layout);

    @Test
    void threeCombinedNodesFormOneQuorumWithThreeReplicasAndTwoInSync() {
        for (int node = 1; node <= 3; node++) {
            Map<String, String> config = KafkaNodes.config(layout, node);
            assertThat(config).containsEntry("node.id", Integer.toString(node))
                    .containsEntry("process.roles", "broker,controller")
                    .containsEntry("controller.quorum.voters", "1@127.0.0.1:21011,2@127.0.0.1:21012,3@127.0.0.1:21013")
                    .containsEntry("default.replication.factor", "3")
                    .containsEntry("min.insync.replicas", "2")
                    .containsEntry("offsets.topic.replication.factor", "3")
                    .containsEntry("transaction.state.log.min.isr", "2");
        }
    }

    @Test
    void eachServiceInstanceIsConfiguredOnlyThroughItsEnvironmentOnItsOwnPort() {
        Map<String, String> env = plan.serviceEnvironment("challenge-service", 2);

        assertThat(env).containsEntry("SERVER_PORT", "21062")
                .containsEntry("SPRING_KAFKA_BOOTSTRAPSERVERS", "127.0.0.1:21001,127.0.0.1:21002,127.0.0.1:21003")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:21020/postgres")
                .containsEntry("EXTAUTH_VENDORS_PHONEFACTOR_BASEURL", "http://127.0.0.1:21030")
                .containsEntry("EXTAUTH_CALLBACKS_BASEURL", "http://127.0.0.1:21060")
                .containsKeys("EXTAUTH_VENDORS_PHONEFACTOR_CALLBACKSECRET", "EXTAUTH_PIN_PEPPER",
                        "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLICKEYLOCATION", "EXTAUTH_SECURITY_JWT_ISSUER");
        assertThat(plan.process("challenge-service-2").command()).contains("-jar", ClusterPlan.SERVICE_HEAP)
                .noneMatch(argument -> argument.startsWith("--"));
    }

    @Test
    void everyChallengeServiceInstanceIsCalledBackThroughTheOneFrontThatReachesThemAll() {
        for (int instance = 1; instance <= ClusterLayout.INSTANCES; instance++) {
            assertThat(plan.serviceEnvironment("challenge-service", instance))
                    .containsEntry("EXTAUTH_CALLBACKS_BASEURL", "http://127.0.0.1:21060");
        }
        ClusterProcess front = plan.process("callback-front");

        assertThat(front.ports()).containsExactly(21_060);
        assertThat(front.command()).contains("-Dloader.main=" + CallbackFrontMain.class.getName(), "127.0.0.1", "21060",
                "http://127.0.0.1:21061,http://127.0.0.1:21062");
        assertThat(front.address()).contains("http://127.0.0.1:21060", "challenge-service-1", "challenge-service-2");
    }

    @Test
    void everyJvmHasASmallHeapAndTheSerialCollector() {
        plan.all().stream().filter(process -> !process.name().equals("postgres")).forEach(process ->
                assertThat(process.command()).as(process.name()).contains("-XX:+UseSerialGC")
                        .anyMatch(argument -> argument.matches("-Xmx(128|256|384)m")));
    }

    @Test
    void aPlanToInspectAsksTheDatabaseWithTheHomesPasswordAndMakesNone(@TempDir Path home) throws Exception {
        ClusterLayout fresh = new ClusterLayout(home, 19_000);
        assertThat(ClusterPlan.forInspection(fresh).serviceEnvironment("order-service", 1))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "");
        assertThat(fresh.keysDir()).as("nothing made to look").doesNotExist();

        StackSecrets secrets = new StackSecrets(fresh.keysDir());

        // with an empty password the status table showed the database "starting" for ever
        assertThat(ClusterPlan.forInspection(fresh).serviceEnvironment("order-service", 1))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", secrets.postgresPassword());
    }

    @Test
    void postgresEndsTheSessionsOfClientsGoneSilentAsTheLocalStacksDoes() {
        assertThat(plan.process("postgres").command()).containsSubsequence("-c", "max_connections=200")
                .containsSubsequence("-c", "idle_in_transaction_session_timeout=60s")
                .containsSubsequence("-c", "tcp_keepalives_idle=30s")
                .containsSubsequence("-c", "tcp_user_timeout=60s")
                .containsSubsequence("-c", "client_connection_check_interval=10s")
                .containsSubsequence(PostgresSessionBounds.commandLine());
    }

    @Test
    void postgresIsStoppedWithItsFastShutdownAndTheJvmsWithSigterm() {
        assertThat(plan.process("postgres").stop()).isEqualTo(ClusterProcess.StopSignal.INT);
        assertThat(plan.process("kafka-1").stop()).isEqualTo(ClusterProcess.StopSignal.TERM);
        assertThat(plan.process("order-service-1").stop()).isEqualTo(ClusterProcess.StopSignal.TERM);
    }

    @Test
    void aRestartByAnotherCommandGetsTheSettingsTheClusterWasBroughtUpWithUnderWhatTheClusterSets(@TempDir Path home)
            throws Exception {
        Path checkout = home.resolve("checkout");
        for (String module : List.of("order-service", "provisioning-service", "challenge-service",
                "notification-service", "dev/local-stack", "dev/vendor-simulator")) {
            Files.createDirectories(checkout.resolve(module).resolve("target"));
            String artifact = module.substring(module.lastIndexOf('/') + 1);
            Files.createFile(checkout.resolve(module).resolve("target").resolve(artifact + "-1-exec.jar"));
        }
        ClusterCommand.Options options = new ClusterCommand.Options();
        options.home = home.resolve("cluster");
        options.checkout = checkout;
        ClusterLayout layout = options.layout();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
        // cluster up, given the limits raised (and a value the cluster sets itself, which it keeps no copy of)
        ClusterCommand.Up.keepServiceSettings(out, layout, new Supervisor(layout), Map.of(
                "EXTAUTH_CONTACTS_CHALLENGES_PERUSER", "1000000", "EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER", "1000000",
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://elsewhere/x"));

        // a restart from a shell that sets one of them to something else, and neither is set for the broker
        Map<String, String> restartEnvironment = Map.of("EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER", "7", "PATH", "/bin");
        ClusterPlan restart = options.planToStart(layout, false,
                ClusterCommand.settingsForStart(out, layout, "challenge-service-2", restartEnvironment));
        ClusterPlan brokerRestart = options.planToStart(layout, false,
                ClusterCommand.settingsForStart(out, layout, "kafka-1", restartEnvironment));

        assertThat(restart.process("challenge-service-2").env())
                .containsEntry("EXTAUTH_CONTACTS_CHALLENGES_PERUSER", "1000000")
                .doesNotContainKey("EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER")
                .containsEntry("SPRING_DATASOURCE_URL", layout.jdbcUrl());
        for (String name : List.of("kafka-1", "simulator", "callback-front", "mail", "postgres")) {
            assertThat(restart.process(name).env()).as(name).doesNotContainKey("EXTAUTH_CONTACTS_CHALLENGES_PERUSER");
        }
        assertThat(brokerRestart.process("challenge-service-2").env()).as("a broker's start reads nothing kept")
                .doesNotContainKey("EXTAUTH_CONTACTS_CHALLENGES_PERUSER");
        assertThat(Files.readString(ServiceSettings.file(layout))).as("what the cluster sets is not kept")
                .contains("EXTAUTH_CONTACTS_CHALLENGES_PERUSER").doesNotContain("SPRING_DATASOURCE_URL");
        assertThat(said.toString(StandardCharsets.UTF_8))
                .contains("kept for every later start", "EXTAUTH_CONTACTS_CHALLENGES_PERUSER")
                .contains("with the settings cluster up was given: EXTAUTH_CONTACTS_CHALLENGES_PERUSER\n")
                .contains("this command's own environment sets EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER")
                .doesNotContain("1000000");
    }
}
