package io.extauth.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a free loopback port to a local server (the vendor simulator): counts the connections a client
 * opens and keeps the bytes it sent, so a test sees the headers that went out and whether calls shared a connection.
 */
public final class CountingRelay implements AutoCloseable {

    private final AtomicInteger connections = new AtomicInteger();
    private final StringBuffer sent = new StringBuffer();
    private final ServerSocket server;

    public CountingRelay(int targetPort) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    connections.incrementAndGet();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pipe(client.getInputStream(), target.getOutputStream(), true);
                    pipe(target.getInputStream(), client.getOutputStream(), false);
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The TCP connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Everything clients sent so far, as ISO-8859-1 text (HTTP/1.1 heads and bodies). */
    public String sent() {
        return sent.toString();
    }

    private void pipe(InputStream from, OutputStream to, boolean keep) {
        daemon(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
                    if (keep) {
                        sent.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                    }
                    to.write(buffer, 0, read);
                    to.flush();
                }
                to.close();
            } catch (IOException closed) {
                // either side went away
            }
        });
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
