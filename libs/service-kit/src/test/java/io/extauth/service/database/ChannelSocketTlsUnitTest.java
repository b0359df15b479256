package io.extauth.service.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to PostgreSQL over the factory's sockets: the driver layers its {@code SSLSocket} over the socket it made
 * ({@code SSLSocketFactory.createSocket(socket, host, port, true)}), and the handshake, a read with a timeout and the
 * answers go through the channel's socket as through the JDK's own.
 */
class ChannelSocketTlsUnitTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @Test
    void tlsLayeredOverAChannelSocketHandshakesAndCarriesTheAnswers(@TempDir Path dir) throws Exception {
        KeyStore keys = selfSigned(dir.resolve("server.p12"));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);

        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (Socket peer = listening.accept()) {
                    InputStream in = peer.getInputStream();
                    for (int b = in.read(); b >= 0; b = in.read()) {
                        peer.getOutputStream().write(b + 1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Socket socket = new ChannelSocketFactory().createSocket();
            socket.connect(listening.getLocalSocketAddress(), 2_000);
            try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(socket, "localhost",
                    listening.getLocalPort(), true)) {
                tls.setSoTimeout(2_000);
                tls.startHandshake();
                for (int i = 0; i < 3; i++) {
                    tls.getOutputStream().write(i);
                    tls.getOutputStream().flush();
                    assertThat(tls.getInputStream().read()).isEqualTo(i + 1);
                }
                tls.setSoTimeout(0);
                tls.getOutputStream().write(41);
                tls.getOutputStream().flush();
                assertThat(tls.getInputStream().read()).isEqualTo(42);
                assertThat(tls.getSession().getProtocol()).startsWith("TLS");
            }
            echo.join();
        }
    }

    /** A key pair and its self-signed certificate for localhost, made by the JDK's keytool. */
    private static KeyStore selfSigned(Path file) throws Exception {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "1", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass",
                new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }
}
