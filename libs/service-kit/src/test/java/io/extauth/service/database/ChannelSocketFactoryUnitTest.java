package io.extauth.service.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.extauth.service.ServiceDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The driver's sockets (issue 14, forty-sixth pass): after a read with a timeout, as HikariCP's validation makes, a
 * read without one is a single blocking {@code read}, where the JDK's own socket makes two and a {@code poll}; under
 * the driver's long {@code socketTimeout} too ({@link ChannelSocket}); and a timeout still times out. Counted in
 * {@code /proc/thread-self/io} (Linux).
 */
class ChannelSocketFactoryUnitTest {

    private static final int ROUND_TRIPS = 500;

    @Test
    void afterAReadWithATimeoutEachAnswerIsReadByOneSystemCallWhereTheJdksOwnSocketMakesTwo() throws Exception {
        assumeThat(Path.of("/proc/thread-self/io")).exists();

        double channel = readCallsPerRoundTrip(new ChannelSocketFactory().createSocket(), 0);
        double plain = readCallsPerRoundTrip(new Socket(), 0);

        // this thread's read calls only (the echo answers on another, a millisecond later): the JDK's socket reads,
        // finds nothing yet, polls, reads the answer; a channel's socket reads once, blocking
        assumeThat(plain).as("the JDK's own socket, the control: the counter sees its two reads").isGreaterThan(1.7);
        assertThat(channel).as("read calls per round trip").isLessThan(1.3);
    }

    @Test
    void underTheDriversSocketTimeoutEachAnswerIsStillReadByOneSystemCall() throws Exception {
        assumeThat(Path.of("/proc/thread-self/io")).exists();

        // the driver's socketTimeout (60 s) on every read: the channel's own timed read reads, finds nothing, polls,
        // reads again, and sets the descriptor non-blocking and back around it
        double channel = readCallsPerRoundTrip(new ChannelSocketFactory().createSocket(), 60_000);
        double ownTimedRead = readCallsPerRoundTrip(SocketChannel.open().socket(), 60_000);

        assumeThat(ownTimedRead).as("the channel's own timed read, the control: the counter sees its two reads")
                .isGreaterThan(1.7);
        assertThat(channel).as("read calls per round trip").isLessThan(1.3);
    }

    @Test
    void aReadUnderALongTimeoutThatGetsNoAnswerEndsNearItsBoundWithTheSocketClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = new ChannelSocketFactory().createSocket()) {
            socket.connect(server.getLocalSocketAddress(), 2_000);
            try (Socket silent = server.accept()) {
                socket.setSoTimeout(1_500);
                assertThat(socket.getSoTimeout()).isEqualTo(1_500);
                InputStream in = socket.getInputStream();

                long start = System.nanoTime();
                assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class)
                        .hasMessageContaining("1500 ms");
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;

                assertThat(waitedMillis).isBetween(1_500L, 1_500L + ReadDeadlines.EVERY.toMillis() + 1_000L);
                assertThat(socket.isClosed()).as("a connection whose read timed out is closed, as the driver would")
                        .isTrue();
            }
        }
    }

    @Test
    void aReadWithATimeoutStillTimesOutAndTheConnectionStillWorksAfter() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = new ChannelSocketFactory().createSocket()) {
            socket.connect(server.getLocalSocketAddress(), 2_000);
            try (Socket peer = server.accept()) {
                socket.setSoTimeout(100);
                InputStream in = socket.getInputStream();
                assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

                socket.setSoTimeout(0);
                peer.getOutputStream().write(42);
                assertThat(in.read()).isEqualTo(42);
                assertThat(socket.getChannel()).as("a channel's socket").isNotNull();
            }
        }
    }

    @Test
    void theConnectingFormsConnect() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            InetAddress host = InetAddress.getLoopbackAddress();
            ChannelSocketFactory factory = new ChannelSocketFactory();
            try (Socket byName = factory.createSocket(host.getHostAddress(), server.getLocalPort());
                    Socket byAddress = factory.createSocket(host, server.getLocalPort());
                    Socket bound = factory.createSocket(host, server.getLocalPort(), host, 0)) {
                assertThat(byName.isConnected()).isTrue();
                assertThat(byAddress.isConnected()).isTrue();
                assertThat(bound.isConnected()).isTrue();
                assertThat(bound.getLocalAddress()).isEqualTo(host);
            }
        }
    }

    @Test
    void theServicesUseItUnlessTheirSettingTurnsItOff() {
        assertThat(socketFactoryOf(Map.of())).isEqualTo(ChannelSocketFactory.class.getName());
        assertThat(socketFactoryOf(Map.of("EXTAUTH_DATABASE_CHANNELSOCKETS", "false"))).as("the driver's own").isNull();
        assertThat(socketFactoryOf(Map.of("EXTAUTH_DATABASE_CHANNELSOCKETS", "true")))
                .isEqualTo(ChannelSocketFactory.class.getName());
    }

    /** The driver's socketFactory after the service defaults, with these environment variables. */
    private static @Nullable String socketFactoryOf(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        ConfigurationPropertySources.attach(environment);
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("spring.datasource.hikari.data-source-properties.socketFactory");
    }

    /**
     * Round trips of one byte to an echo in this JVM that answers after 1 ms, after one read with a timeout as HikariCP
     * makes, each under {@code timeoutAfter} ms (0: none).
     */
    private static double readCallsPerRoundTrip(Socket socket, int timeoutAfter) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); socket) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echo(server));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2_000);
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            socket.setSoTimeout(1_000);
            out.write(1);
            assertThat(in.read()).isEqualTo(1);
            socket.setSoTimeout(timeoutAfter);
            for (int i = 0; i < 50; i++) { // the code paths run once, the echo running
                out.write(1);
                in.read();
            }
            long before = readCalls();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                out.write(1);
                assertThat(in.read()).isEqualTo(1);
            }
            long after = readCalls();
            socket.shutdownOutput();
            echo.join();
            return (after - before) / (double) ROUND_TRIPS;
        }
    }

    private static void echo(ServerSocket server) {
        try (Socket peer = server.accept()) {
            peer.setTcpNoDelay(true);
            InputStream in = peer.getInputStream();
            OutputStream out = peer.getOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                Thread.sleep(1); // the answer is not there yet when the other side reads
                out.write(b);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long readCalls() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/io"))) {
            if (line.startsWith("syscr:")) {
                return Long.parseLong(line.substring("syscr:".length()).trim());
            }
        }
        throw new IllegalStateException("no syscr in /proc/thread-self/io");
    }
}
