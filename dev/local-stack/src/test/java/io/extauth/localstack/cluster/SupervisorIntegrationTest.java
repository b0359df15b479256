package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real OS processes: a small JVM holding a port stands in for a part of the cluster. */
class SupervisorIntegrationTest {

    @TempDir Path home;

    private Supervisor supervisor;
    private ClusterProcess holder;

    @AfterEach
    void stopWhatRuns() throws InterruptedException {
        if (supervisor != null && holder != null && supervisor.signalStop(holder)) {
            supervisor.awaitExit(holder.name(), Duration.ofSeconds(30));
        }
    }

    @Test
    void aStartedProcessHasAPidFileALogAndIsReadyThenSigtermStopsIt() throws Exception {
        start();

        long pid = Long.parseLong(Files.readString(layout().pidFile("holder")).strip());
        assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
        assertThat(supervisor.state(holder)).isEqualTo(Supervisor.State.READY);
        assertThat(Files.readString(layout().logFile("holder"))).contains("holding port " + holder.ports().get(0));

        assertThat(supervisor.signalStop(holder)).isTrue();
        assertThat(supervisor.awaitExit("holder", Duration.ofSeconds(30))).as("stopped by SIGTERM, not killed").isFalse();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(layout().pidFile("holder")).doesNotExist();
        assertThat(supervisor.state(holder)).isEqualTo(Supervisor.State.STOPPED);
    }

    @Test
    void startingARunningProcessAgainLeavesItAsItIs() throws Exception {
        long first = start();

        assertThat(supervisor.start(holder)).isEqualTo(first);
    }

    @Test
    void aPidFileOlderThanTheProcessWithThatPidIsNotOurs() throws Exception {
        long pid = start();
        // as if the file had been left by an earlier process whose pid was reused by this one
        Files.setLastModifiedTime(layout().pidFile("holder"), FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        assertThat(supervisor.running("holder")).isEmpty();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }

    @Test
    void aPortTakenByAnotherProgramIsNamedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            supervisor = new Supervisor(layout());
            ClusterProcess blocked = process(taken.getLocalPort());

            assertThatThrownBy(() -> supervisor.start(blocked)).hasMessageContaining("port " + taken.getLocalPort());
            assertThat(layout().pidFile("holder")).doesNotExist();
        }
    }

    @Test
    void anEmptyServiceSettingIsNoSettingWhetherInheritedOrTheProcesssOwnAndTheProcesssOwnWinsOverTheInherited() {
        Map<String, String> inherited = Map.of("EXTAUTH_CONTACTS_CHALLENGES_PERUSER", "", "SPRING_PROFILES_ACTIVE",
                "", "EXTAUTH_FRAUD_BLOCKUNTILADMIN", "false", "PATH", "/usr/bin", "EMPTY_OTHER", "");

        Map<String, String> environment = Supervisor.environment(inherited,
                Map.of("EXTAUTH_LOG_LEVEL", "INFO", "EXTAUTH_FRAUD_BLOCKUNTILADMIN", "", "LOGGING_LEVEL_ROOT", ""));

        // NAME= ./extauth cluster up forgets NAME: the instances it starts go without it, as later starts do
        assertThat(environment).containsOnly(Map.entry("PATH", "/usr/bin"), Map.entry("EMPTY_OTHER", ""),
                Map.entry("EXTAUTH_LOG_LEVEL", "INFO"));
    }

    @Test
    void aStartedProcessGetsItsOwnSettingsButNoEmptyOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "reads /proc");
        supervisor = new Supervisor(layout());
        holder = process(freePort()).withEnv(Map.of("EXTAUTH_CONTACTS_CHALLENGES_PERUSER", "",
                "EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER", "7"));

        long pid = supervisor.start(holder);
        supervisor.awaitReady(List.of(holder), Duration.ofSeconds(60));

        List<String> environment = List.of(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")),
                java.nio.charset.StandardCharsets.UTF_8).split("\0"));
        assertThat(environment).contains("EXTAUTH_CONTACTS_CHALLENGES_PERNUMBER=7")
                .noneMatch(variable -> variable.startsWith("EXTAUTH_CONTACTS_CHALLENGES_PERUSER="));
    }

    private long start() throws Exception {
        supervisor = new Supervisor(layout());
        holder = process(freePort());
        long pid = supervisor.start(holder);
        supervisor.awaitReady(List.of(holder), Duration.ofSeconds(60));
        return pid;
    }

    private ClusterLayout layout() {
        return new ClusterLayout(home, 19_000);
    }

    private ClusterProcess process(int port) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classes = Path.of(PortHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return new ClusterProcess("holder", List.of(java, "-Xmx32m", "-cp", classes, PortHolder.class.getName(),
                Integer.toString(port)), Map.of(), home, List.of(port), "127.0.0.1:" + port,
                Readiness.listening(List.of(port)), ClusterProcess.StopSignal.TERM);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
