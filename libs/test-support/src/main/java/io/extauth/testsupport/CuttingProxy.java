package io.extauth.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between a connection pool and PostgreSQL that loses a connection at a chosen moment, as a failover, a
 * restart or a network fault can: once armed ({@link #cutOnceAfter}), the first message a client sends that contains
 * the given text (SQL as the driver sends it, in a Parse or a simple Query) is passed on to the server, and when the
 * server's answer to it comes, both sockets are closed instead of passing it on. The server has done the statement;
 * the client never learns so. Or it goes silent, as a host that died or failed over does ({@link #silence}): what
 * either side sends through the connections open then is taken and dropped, and neither socket is closed.
 *
 * <p>Text the driver sends only as a server-prepared statement's name (pgjdbc's, after {@code prepareThreshold} runs
 * on one connection) is not seen: give each test a pool of its own.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private final AtomicReference<byte[]> armed = new AtomicReference<>();
    private final AtomicBoolean cut = new AtomicBoolean();
    private volatile boolean refusing;

    public CuttingProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "cutting-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** A proxy in front of the test JVM's embedded PostgreSQL ({@link EmbeddedPostgresDefault}). */
    public static CuttingProxy toEmbeddedPostgres() throws IOException {
        return new CuttingProxy(EmbeddedPostgresDefault.shared().getPort());
    }

    /** The port the proxy listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Every connection open now stops passing anything on, in either direction, and none is closed: each side waits
     * for the other for ever, as across a dead host. Connections made after that are passed on as before.
     */
    public void silence() {
        pairs.forEach(pair -> pair.silent = true);
    }

    /**
     * Every connection made from now on is closed at once, before it reaches the server, as a host cut off by a network
     * fault cannot connect (with {@link #silence}, the fault cuts the open connections too); until {@link #admit}.
     */
    public void refuse() {
        refusing = true;
    }

    /** New connections are passed on again (the fault healed); the connections silenced stay silent. */
    public void admit() {
        refusing = false;
    }

    /** The JDBC URL of the {@code postgres} database through this proxy. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + listener.getLocalPort() + "/postgres";
    }

    /**
     * The next message a client sends that contains {@code text} (ASCII, as it stands in the SQL) is the last its
     * connection passes on: the server's answer to it closes both sockets instead.
     */
    public void cutOnceAfter(String text) {
        cut.set(false);
        armed.set(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether a connection was cut since the proxy was last armed. */
    public boolean hasCut() {
        return cut.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pairs.forEach(Pair::close);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                server.connect(target, 2_000);
                Pair pair = new Pair(client, server);
                pairs.add(pair);
                start(() -> toServer(pair), "cutting-proxy-to-server");
                start(() -> toClient(pair), "cutting-proxy-to-client");
            } catch (IOException e) {
                // closed, or the server refused: the client sees its connection fail
            }
        }
    }

    private static void start(Runnable pump, String name) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The client's bytes, scanned for the armed text; the chunk that completes it marks the pair before it is sent. */
    private void toServer(Pair pair) {
        byte[] buffer = new byte[16_384];
        byte[] seen = new byte[0]; // the end of what came before: text split across two reads is found too
        try (InputStream in = pair.client.getInputStream(); OutputStream out = pair.server.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                byte[] text = armed.get();
                if (text != null) {
                    byte[] window = new byte[seen.length + n];
                    System.arraycopy(seen, 0, window, 0, seen.length);
                    System.arraycopy(buffer, 0, window, seen.length, n);
                    if (indexOf(window, text) >= 0 && armed.compareAndSet(text, null)) {
                        pair.cutOnAnswer = true; // before the server can answer
                    }
                    int keep = Math.min(window.length, text.length - 1);
                    seen = Arrays.copyOfRange(window, window.length - keep, window.length);
                }
                if (!pair.silent) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side closed
        }
        pair.closeUnlessSilent();
    }

    private void toClient(Pair pair) {
        byte[] buffer = new byte[16_384];
        try (InputStream in = pair.server.getInputStream(); OutputStream out = pair.client.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (pair.cutOnAnswer) {
                    cut.set(true);
                    break; // the answer is dropped: the connection is lost before it reaches the client
                }
                if (!pair.silent) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side closed
        }
        pair.closeUnlessSilent();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static final class Pair {

        final Socket client;
        final Socket server;
        volatile boolean cutOnAnswer;
        volatile boolean silent;

        Pair(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        /** The other side learns of a close; a silent pair tells it nothing, as a dead host would. */
        void closeUnlessSilent() {
            if (!silent) {
                close();
            }
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closed already
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }
}
