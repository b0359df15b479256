package io.extauth.notification.mail.adapter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The socket side of the tests' SMTP servers ({@link HostileSmtp}, {@link SlowToConfirmSmtp}): a server socket on the
 * loopback address that hands each connection to {@code converse} on a thread of its own, until closed (which
 * interrupts the conversations under way).
 */
final class SmtpTestServer implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService conversations = Executors.newCachedThreadPool();
    private final Consumer<Socket> converse;

    SmtpTestServer(Consumer<Socket> converse) throws IOException {
        this.converse = converse;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        conversations.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        conversations.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                conversations.execute(() -> converse.accept(client));
            } catch (IOException closed) {
                return;
            }
        }
    }
}
