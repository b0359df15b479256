package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
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
    void aServicesPortHeldOnTheBindAddressIsTakenThoughLoopbacksIsFree(@org.junit.jupiter.api.io.TempDir Path home)
            throws IOException {
        // 127.0.0.2 stands for a LAN address: Linux routes all of 127/8 to the loopback interface
        InetAddress other = InetAddress.getByName("127.0.0.2");
        try (ServerSocket held = new ServerSocket()) {
            try {
                held.bind(new InetSocketAddress(other, 0), 1);
            } catch (BindException e) {
                assumeTrue(false, "127.0.0.2 cannot be bound here");
            }
            int port = held.getLocalPort();
            StackSettings bound = new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432,
                    3025, 8025, 18089, port, 18082, 18083, 18084, 1, "127.0.0.2");
            StackSettings loopback = new StackSettings(home.resolve("data"), home.resolve("keys"), 9092, 9093, 15432,
                    3025, 8025, 18089, port, 18082, 18083, 18084, 1, "127.0.0.1");

            assertThat(Ports.isFree(port)).as("loopback's").isTrue();
            assertThat(Ports.isFree("127.0.0.2", port)).isFalse();
            assertThat(UpCommand.isFree(bound, port)).as("order-service would listen on 127.0.0.2").isFalse();
            assertThat(UpCommand.isFree(loopback, port)).as("order-service would listen on loopback").isTrue();
        }
    }

    @Test
    void aChosenPortIsReservedAgainstOtherBindsYetTheListenerItWasChosenForBindsIt() throws IOException {
        int port = Ports.resolve(0);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), port);
        assertThat(Ports.isReserved(port)).isTrue();
        assertThat(Ports.isReserved(Ports.resolve(8080))).as("a given port is not reserved").isFalse();
        assertThat(Ports.isFree(port)).as("free for whoever it was chosen for").isTrue();

        try (ServerSocketChannel strict = ServerSocketChannel.open()) {
            strict.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            assertThatThrownBy(() -> strict.bind(address)).as("a bind without SO_REUSEADDR")
                    .isInstanceOf(BindException.class);
        }
        HttpServer mailApi = HttpServer.create(address, 0); // as the mail read API binds
        try {
            mailApi.start();
            assertThat(Ports.isFree(port)).as("listened on").isFalse();
        } finally {
            mailApi.stop(0);
        }
        try (ServerSocket smtp = new ServerSocket(port, 1, address.getAddress())) { // as GreenMail binds
            assertThat(smtp.getLocalPort()).isEqualTo(port);
        }
        assertThat(Ports.isReserved(port)).as("still reserved after its listener stopped").isTrue();
        try (ServerSocketChannel strict = ServerSocketChannel.open()) {
            strict.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            assertThatThrownBy(() -> strict.bind(address)).as("a bind without SO_REUSEADDR, after the listener")
                    .isInstanceOf(BindException.class);
        }
    }

    @Test
    void aReservedPortIsFreeForItsListenerButNeverACandidate() {
        int port = Ports.resolve(0);
        assertThat(Ports.isFree(port)).as("free for the listener it was chosen for").isTrue();
        assertThat(Ports.isUnbound(port)).as("bound: Ports.resolve in another JVM passes it by").isFalse();
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
        List<String> command = List.of(java, "-Xmx32m", "-cp", classes,
                io.extauth.localstack.cluster.PortHolder.class.getName(), Integer.toString(port));
        Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // it says so once it listens (after whatever the JVM says first, such as "Picked up JAVA_TOOL_OPTIONS")
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            for (String line = out.readLine(); !("holding port " + port).equals(line); line = out.readLine()) {
                assertThat(line).as("the holder's output ended before it listened").isNotNull();
            }
            String commandLine = String.join(" ", command);
            assertThat(Ports.holder(port)).hasValue("pid " + holder.pid() + " (" + (commandLine.length() > 120
                    ? commandLine.substring(0, 117) + "..." : commandLine) + ")");
        } finally {
            holder.destroy();
            holder.waitFor();
        }
    }
}
