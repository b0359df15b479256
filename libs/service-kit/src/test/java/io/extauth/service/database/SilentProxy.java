package io.extauth.service.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server that can go silent as a host that died or failed over does: from
 * {@link #silence()} on, what either side sends through the connections open then is taken and dropped, and neither
 * socket is closed, so each side waits for the other for ever. Connections made after that are passed on as before.
 */
final class SilentProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();

    SilentProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "silent-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Every connection open now stops passing anything on, in either direction; none is closed. */
    void silence() {
        pairs.forEach(pair -> pair.silent = true);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Pair pair : pairs) {
            pair.close();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 2_000);
                Pair pair = new Pair(client, server);
                pairs.add(pair);
                pump(pair, client, server, "client-to-server");
                pump(pair, server, client, "server-to-client");
            } catch (IOException e) {
                // closed, or the server refused: the client sees its connection fail
            }
        }
    }

    private static void pump(Pair pair, Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!pair.silent) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed
            }
            if (!pair.silent) {
                pair.close(); // the other side learns of it; a silent pair tells it nothing, as a dead host would
            }
        }, "silent-proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private static final class Pair {

        private final Socket client;
        private final Socket server;
        volatile boolean silent;

        Pair(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
