package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsUnitTest {

    @Test
    void anyFreePortIsBelowTheEphemeralRangeFreeAndNeverHandedOutTwice() {
        Set<Integer> handedOut = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.resolve(0);
            assertThat(port).isBetween(20_000, 32_767);
            assertThat(handedOut.add(port)).as("port %d handed out twice", port).isTrue();
        }
        assertThat(Ports.resolve(8080)).as("a given port is the port itself").isEqualTo(8080);
    }

    @Test
    void aListeningPortIsNamedWithItsHolderAndAFreeOneHasNone() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "Linux's /proc tells who holds a port");
        int port = Ports.resolve(0);
        assertThat(Ports.holder(port)).isEmpty();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            String self = "this process (pid " + ProcessHandle.current().pid() + ")";
            assertThat(Ports.holder(port)).hasValue(self);
            assertThatThrownBy(() -> Ports.requireFree(port, "Kafka broker")).isInstanceOf(PortTakenException.class)
                    .hasMessage("port " + port + " (Kafka broker) is already in use by " + self);
        }
        assertThat(Ports.holder(port)).as("let go").isEmpty();
    }

    @Test
    void anotherProcessHoldingAPortIsNamedWithItsCommand() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "Linux's /proc tells who holds a port");
        int port = Ports.resolve(0);
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classes = Path.of(io.extauth.localstack.cluster.PortHolder.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        Process holder = new ProcessBuilder(java, "-Xmx32m", "-cp", classes,
                io.extauth.localstack.cluster.PortHolder.class.getName(), Integer.toString(port))
                .redirectErrorStream(true).start();
        try {
            // it says so once it listens
            assertThat(new String(holder.getInputStream().readNBytes(("holding port " + port).length())))
                    .isEqualTo("holding port " + port);
            // its command line, cut at 120 characters
            assertThat(Ports.holder(port)).get().asString().startsWith("pid " + holder.pid() + " (" + java + " -Xmx32m")
                    .hasSizeLessThanOrEqualTo(("pid " + holder.pid() + " ()").length() + 120);
        } finally {
            holder.destroy();
            holder.waitFor();
        }
    }
}
