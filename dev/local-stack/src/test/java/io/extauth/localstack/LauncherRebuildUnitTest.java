package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./extauth} script, run in a copy of the checkout whose jars are built and whose sources
 * changed since: it rebuilds them, unless a cluster runs this checkout's jars, whatever its home. Until session 69 only
 * a cluster of the default home was looked for, and only by {@code ./extauth cluster}: {@code ./extauth chaos
 * --cluster /tmp/c} after a change of the sources rebuilt every jar under the cluster's running services.
 */
class LauncherRebuildUnitTest {

    private static final String CHAOS_JAR = "chaos-0.1.0-SNAPSHOT-exec.jar";
    private static final String LOCAL_STACK_JAR = "local-stack-0.1.0-SNAPSHOT-exec.jar";

    @TempDir Path checkout;
    private Path built;
    private Process clusterService;

    @BeforeEach
    void aCheckoutWhoseJarsAreOlderThanItsSources() throws IOException {
        // a cluster of another home is found through /proc; without it (macOS) only the default home's pid files
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux: /proc");
        Files.copy(Path.of("../../extauth").toAbsolutePath().normalize(), checkout.resolve("extauth"));
        built = checkout.resolve("mvnw.log");
        executable(checkout.resolve("mvnw"), "#!/bin/sh\necho \"mvnw $*\" >> '" + built + "'\nexit 3\n");
        // the stand-in for java: every run succeeds and does nothing
        executable(checkout.resolve("bin/java"), "#!/bin/sh\nexit 0\n");
        Instant earlier = Instant.now().minusSeconds(60);
        for (String jar : List.of("tools/chaos/target/" + CHAOS_JAR, "dev/local-stack/target/" + LOCAL_STACK_JAR,
                "order-service/target/order-service-0.1.0-SNAPSHOT-exec.jar")) {
            Path file = checkout.resolve(jar);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "built");
            Files.setLastModifiedTime(file, FileTime.from(earlier));
        }
        Path source = checkout.resolve("order-service/src/main/java/Changed.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Changed {}");
    }

    @AfterEach
    void stopTheStandInService() throws InterruptedException {
        if (clusterService != null) {
            clusterService.destroy();
            clusterService.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withNoClusterRunningAChangedSourceRebuildsEveryJar() throws Exception {
        String output = extauth("chaos", "--cluster", "/tmp/elsewhere");

        assertThat(built).as(output).exists();
        assertThat(Files.readString(built)).contains("package", "order-service", "tools/chaos");
        // the build made the default home to keep its log there: owner-only, as every home ./extauth makes (its keys
        // and data go in it; until session 70 the build made it 0755 first), whatever the umask
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(checkout.resolve(".extauth")))).isEqualTo("rwx------");
        // each module named once (the local stack was named twice)
        assertThat(output.lines().filter(line -> line.startsWith("building ")).findFirst().orElseThrow()
                .split("dev/local-stack", -1)).hasSize(2);
    }

    @Test
    void aClusterOfAnyHomeRunningThisCheckoutsJarsKeepsThemFromBeingRewrittenUnderIt() throws Exception {
        // as a cluster instance runs: java … -jar <checkout's absolute path>/order-service/target/…-exec.jar, its
        // working directory the cluster's home, not the checkout; no pid file in the default home
        Path jar = checkout.toRealPath().resolve("order-service/target/order-service-0.1.0-SNAPSHOT-exec.jar");
        // one process, no child to outlive it: the shell waits on its own stdin, which nobody writes
        clusterService = new ProcessBuilder("bash", "-c", "read -t 60 || true", "-jar", jar.toString())
                .directory(Files.createDirectories(checkout.resolve("elsewhere/home")).toFile()).start();

        String output = extauth("status");

        assertThat(built).as(output).doesNotExist();
        assertThat(output).contains("sources changed, but this checkout's jars are in use by a cluster (pid "
                + clusterService.pid() + "): using them as they are");
    }

    @Test
    void aToolsStaleJarIsNotRebuiltUnderARunningClusterForItsBuildPackagesTheSimulatorsJar() throws Exception {
        // tools/* -am reaches test-support, which depends on the vendor simulator: a jar the cluster runs
        Path jar = checkout.toRealPath().resolve("order-service/target/order-service-0.1.0-SNAPSHOT-exec.jar");
        clusterService = new ProcessBuilder("bash", "-c", "read -t 60 || true", "-jar", jar.toString()).start();

        String output = extauth("chaos", "--cluster", "/tmp/elsewhere");

        assertThat(built).as(output).doesNotExist();
        assertThat(output).contains("in use by a cluster (pid " + clusterService.pid() + "): using them as they are");
    }

    @Test
    void withAStackAndAClusterRunningBothAreNamed() throws Exception {
        Path jar = checkout.toRealPath().resolve("order-service/target/order-service-0.1.0-SNAPSHOT-exec.jar");
        clusterService = new ProcessBuilder("bash", "-c", "read -t 60 || true", "-jar", jar.toString()).start();
        Process stack = new ProcessBuilder("bash", "-c", "read -t 60 || true").start();
        try {
            // the default home's stack names its pid in up.lock
            Files.createDirectories(checkout.resolve(".extauth"));
            Files.writeString(checkout.resolve(".extauth/up.lock"), stack.pid() + "\n");

            String output = extauth("status");

            assertThat(built).as(output).doesNotExist();
            assertThat(output).contains("in use by a stack (pid " + stack.pid() + ") and a cluster (pid "
                    + clusterService.pid() + "): using them as they are");
        } finally {
            stack.destroy();
            stack.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withTheLocalStacksJarMissingUnderARunningClusterNothingIsBuiltAndTheWayOutIsSaid() throws Exception {
        Path jar = checkout.toRealPath().resolve("order-service/target/order-service-0.1.0-SNAPSHOT-exec.jar");
        clusterService = new ProcessBuilder("bash", "-c", "read -t 60 || true", "-jar", jar.toString()).start();

        Files.delete(checkout.resolve("dev/local-stack/target/" + LOCAL_STACK_JAR));

        // its build (-am) would package the services' jars the cluster runs from
        String output = extauth("status");

        assertThat(built).as(output).doesNotExist();
        assertThat(output).contains("the local stack's jar is missing", "(pid " + clusterService.pid() + ")", "pgrep -af");
    }

    @Test
    void aProcessThatOnlyNamesAFileUnderTargetIsNoClusterAndTheJarsAreRebuilt() throws Exception {
        // an editor or pager on a file under target/, a test JVM of the build: not a service a cluster runs
        Path log = checkout.toRealPath().resolve("order-service/target/surefire-reports/x.txt");
        clusterService = new ProcessBuilder("bash", "-c", "read -t 60 || true", "less", log.toString(),
                checkout.toRealPath().resolve("order-service/target/surefire/surefirebooter-1.jar").toString()).start();

        String output = extauth("status");

        assertThat(built).as(output).exists();
    }

    @Test
    void aPidFileLeftBehindThatNamesAnotherLiveProcessIsNoCluster() throws Exception {
        // after a reboot or a kill -9 without down, the default home's pid file names a pid another process has now
        Path pidFile = checkout.resolve(".extauth/cluster/processes/kafka-1.pid");
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

        String output = extauth("status");

        assertThat(built).as(output).exists();
    }

    private String extauth(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "extauth"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true);
        builder.environment().remove("EXTAUTH_CLUSTER_HOME");
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", checkout.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    private static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
