package io.extauth.testsupport;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.SocketFactory;

/**
 * Counts the round trips PostgreSQL's driver really makes, on the wire (issue 14): a test sets it as the driver's
 * {@code socketFactory} ({@link #PROPERTY}, {@link #NAME}). A round trip is what a thread writes to a connection
 * before it reads the answer: the first write after a read (or the connection's first) starts one. Where
 * {@link RoundTrips} counts the statements the code asks for, this counts what the driver sends, which can be more: it
 * stops and waits for an answer inside one statement of several parts when it fears the answers could fill the
 * socket's buffers ({@code flushIfDeadlockRisk}). Each round trip is kept with its thread and the first bytes the
 * thread wrote (the protocol's messages: {@code P} a parse, {@code B} a bind, {@code Q} a simple query, {@code C} the
 * close of a statement the driver no longer needs), so a test can show what it counted when the figure moves. The
 * pool's checks of connections idle for a while ({@code Connection.isValid}, an empty simple query) are left out: no statement asks for them, and a slow machine makes more of them. The sockets are
 * {@link SocketChannel}s', as the services' own.
 * <p>
 * A test that counts this way also sets the driver's {@code prepareThreshold} to 1 ({@link #PREPARE_THRESHOLD}): the
 * driver prepares a statement on the server from its fifth run on a connection and describes it then, which is what
 * decides whether it sends a statement of several parts at once from the next run on; with 1, a statement's second run
 * on a connection is sent as a running service sends it. (Statements without arguments are then prepared on the server
 * too, which a running service never does; no count here depends on it.)
 * <p>
 * What is kept between resets is bounded ({@link #KEPT_TURNS}): a context that uses these sockets for a whole suite
 * keeps at most that many; {@link #of} refuses to answer for a stretch that had more.
 */
public final class NetworkRoundTrips extends SocketFactory {

    /** The property that makes the services' driver use this factory. */
    public static final String PROPERTY = "spring.datasource.hikari.data-source-properties.socketFactory";
    /** This factory's class name, the value of {@link #PROPERTY}. */
    public static final String NAME = "io.extauth.testsupport.NetworkRoundTrips";
    /** The property that makes the driver prepare each statement on the server from its first run. */
    public static final String PREPARE_THRESHOLD = "spring.datasource.hikari.data-source-properties.prepareThreshold";
    /** How many round trips are kept between two resets. */
    static final int KEPT_TURNS = 20_000;

    /** One round trip: the thread that made it and the start of what it sent, unprintable bytes as dots. */
    public record Turn(String thread, String sent) {

        @Override
        public String toString() {
            return thread + ": " + sent;
        }
    }

    private static final int KEPT_BYTES = 160;
    private static final Queue<Turn> TURNS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger COUNTED = new AtomicInteger();
    private static final byte[] EMPTY_QUERY = {'Q', 0, 0, 0, 5, 0};

    /** Forgets every round trip so far. */
    public static void reset() {
        TURNS.clear();
        COUNTED.set(0);
    }

    /**
     * The round trips since {@link #reset} of the threads whose name matches, in the order they began, without the
     * pool's checks of connections.
     *
     * @throws IllegalStateException when more than {@link #KEPT_TURNS} were made since the reset: not all were kept
     */
    public static List<Turn> of(Predicate<String> threadName) {
        if (COUNTED.get() > KEPT_TURNS) {
            throw new IllegalStateException(COUNTED.get() + " round trips since the last reset, more than the "
                    + KEPT_TURNS + " kept: reset closer to what is counted");
        }
        return TURNS.stream().filter(turn -> threadName.test(turn.thread())).toList();
    }

    private static void began(byte[] b, int off, int len) {
        if (COUNTED.incrementAndGet() <= KEPT_TURNS) {
            TURNS.add(new Turn(Thread.currentThread().getName(), printable(b, off, len)));
        }
    }

    /**
     * Whether a write is the pool's check of the connection ({@code Connection.isValid}): it ends with an empty simple
     * query ({@code Q}, its length 5, an empty string), which no statement of the code sends; the driver may put the
     * close of statements it no longer needs before it.
     */
    private static boolean validation(byte[] b, int off, int len) {
        return len >= EMPTY_QUERY.length
                && Arrays.equals(b, off + len - EMPTY_QUERY.length, off + len, EMPTY_QUERY, 0, EMPTY_QUERY.length);
    }

    private static String printable(byte[] b, int off, int len) {
        byte[] kept = new byte[Math.min(len, KEPT_BYTES)];
        for (int i = 0; i < kept.length; i++) {
            byte c = b[off + i];
            kept[i] = c >= 32 && c < 127 ? c : (byte) '.';
        }
        return new String(kept, StandardCharsets.US_ASCII);
    }

    @Override
    public Socket createSocket() throws IOException {
        return new CountingSocket(SocketChannel.open().socket());
    }

    // the driver asks only for an unconnected socket (it connects it with its timeout): the connected forms are not
    // for a test to use
    @Override
    public Socket createSocket(String host, int port) {
        throw connectedForm();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw connectedForm();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw connectedForm();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw connectedForm();
    }

    private static UnsupportedOperationException connectedForm() {
        return new UnsupportedOperationException("the driver's unconnected socket only: createSocket()");
    }

    /** A channel's socket whose streams note where a round trip begins. */
    private static final class CountingSocket extends Socket {

        private final Socket socket;
        /** Whether the connection's last use was a read (or none yet): the next write begins a round trip. */
        private volatile boolean answered = true;

        CountingSocket(Socket socket) {
            this.socket = socket;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(socket.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int read = super.read();
                    answered = true;
                    return read;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int read = super.read(b, off, len);
                    answered = true;
                    return read;
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(socket.getOutputStream()) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (answered && !validation(b, off, len)) {
                        answered = false;
                        began(b, off, len);
                    }
                    out.write(b, off, len);
                }
            };
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            socket.connect(endpoint);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            socket.connect(endpoint, timeout);
        }

        @Override
        public void bind(SocketAddress bindpoint) throws IOException {
            socket.bind(bindpoint);
        }

        @Override
        public InetAddress getInetAddress() {
            return socket.getInetAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return socket.getLocalAddress();
        }

        @Override
        public int getPort() {
            return socket.getPort();
        }

        @Override
        public int getLocalPort() {
            return socket.getLocalPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return socket.getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return socket.getLocalSocketAddress();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            socket.setTcpNoDelay(on);
        }

        @Override
        public boolean getTcpNoDelay() throws SocketException {
            return socket.getTcpNoDelay();
        }

        @Override
        public void setSoLinger(boolean on, int linger) throws SocketException {
            socket.setSoLinger(on, linger);
        }

        @Override
        public int getSoLinger() throws SocketException {
            return socket.getSoLinger();
        }

        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            socket.setSoTimeout(timeout);
        }

        @Override
        public int getSoTimeout() throws SocketException {
            return socket.getSoTimeout();
        }

        @Override
        public void setSendBufferSize(int size) throws SocketException {
            socket.setSendBufferSize(size);
        }

        @Override
        public int getSendBufferSize() throws SocketException {
            return socket.getSendBufferSize();
        }

        @Override
        public void setReceiveBufferSize(int size) throws SocketException {
            socket.setReceiveBufferSize(size);
        }

        @Override
        public int getReceiveBufferSize() throws SocketException {
            return socket.getReceiveBufferSize();
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            socket.setKeepAlive(on);
        }

        @Override
        public boolean getKeepAlive() throws SocketException {
            return socket.getKeepAlive();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        @Override
        public void shutdownInput() throws IOException {
            socket.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public boolean isConnected() {
            return socket.isConnected();
        }

        @Override
        public boolean isBound() {
            return socket.isBound();
        }

        @Override
        public boolean isClosed() {
            return socket.isClosed();
        }

        @Override
        public boolean isInputShutdown() {
            return socket.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return socket.isOutputShutdown();
        }

        @Override
        public String toString() {
            return socket.toString();
        }
    }
}
