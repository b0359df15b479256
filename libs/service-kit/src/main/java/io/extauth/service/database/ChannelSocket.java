package io.extauth.service.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The socket of a {@link SocketChannel}, as the channel's own ({@link SocketChannel#socket()}), but for reads under a
 * timeout of {@value #WATCHED_FROM_MILLIS} ms or more (the driver's {@code socketTimeout}, HikariCP's validation):
 * those stay the channel's blocking reads, one system call per answer, and {@link ReadDeadlines} closes the socket of
 * a read still waiting at its bound, which then fails with a {@link SocketTimeoutException}. The channel's own read
 * with a timeout switches the descriptor to non-blocking and back around each read: a read that finds nothing yet, a
 * {@code poll}, a second read and four {@code fcntl} per answer, what {@link ChannelSocketFactory} is there to spare.
 *
 * <p>A read that times out so leaves the connection closed, where a timed read leaves it open: the driver closes a
 * connection whose read timed out anyway, and HikariCP one that failed its check. Shorter timeouts (the driver's 1 ms
 * look for a message waiting) are the channel's timed reads, as before, and the connection stays open after them.
 */
final class ChannelSocket extends Socket implements ReadDeadlines.Watched {

    /** Timeouts from here on are bounds on a silent server, kept by {@link ReadDeadlines}; shorter ones are polls. */
    static final int WATCHED_FROM_MILLIS = 1_000;
    private static final long NOT_READING = Long.MIN_VALUE;

    private final SocketChannel channel;
    private final Socket adaptor;
    private volatile int timeoutMillis;
    /** The timeout {@link ReadDeadlines} keeps, or 0 when the channel keeps it or there is none. */
    private volatile int watchedMillis;
    /** {@link System#nanoTime()} when the read under way began, or {@link #NOT_READING}. */
    private volatile long readingSince = NOT_READING;
    private volatile boolean overdue;
    private @Nullable InputStream in;

    ChannelSocket(SocketChannel channel) throws SocketException {
        super((SocketImpl) null); // every method is the channel's socket's, none the base class's
        this.channel = channel;
        this.adaptor = channel.socket();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        boolean watched = timeout >= WATCHED_FROM_MILLIS;
        adaptor.setSoTimeout(watched ? 0 : timeout);
        timeoutMillis = timeout;
        watchedMillis = watched ? timeout : 0;
        if (watched) {
            ReadDeadlines.watch(this);
        }
    }

    @Override
    public int getSoTimeout() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        return timeoutMillis;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        InputStream channelIn = adaptor.getInputStream();
        if (in == null) {
            in = new WatchedInput(channelIn);
        }
        return in;
    }

    /** Called by {@link ReadDeadlines}: closes the socket when its read has waited past its bound. */
    @Override
    public void closeIfOverdue(long now) {
        long since = readingSince;
        int bound = watchedMillis;
        if (since != NOT_READING && bound > 0 && now - since >= bound * 1_000_000L) {
            overdue = true;
            try {
                close();
            } catch (IOException ignored) {
                // closed or closing: the read fails either way
            }
        }
    }

    @Override
    public void close() throws IOException {
        ReadDeadlines.forget(this);
        adaptor.close();
    }

    /** The channel's stream, its reads under a long timeout timed by {@link ReadDeadlines}. */
    private final class WatchedInput extends InputStream {

        private final InputStream channelIn;

        WatchedInput(InputStream channelIn) {
            this.channelIn = channelIn;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int bound = watchedMillis;
            if (bound == 0 || len == 0) {
                return channelIn.read(b, off, len);
            }
            readingSince = System.nanoTime();
            try {
                return channelIn.read(b, off, len);
            } catch (IOException e) {
                if (overdue) {
                    SocketTimeoutException timedOut = new SocketTimeoutException(
                            "Read timed out: no answer within " + bound + " ms, the socket is closed");
                    timedOut.initCause(e);
                    throw timedOut;
                }
                throw e;
            } finally {
                readingSince = NOT_READING;
            }
        }

        @Override
        public int available() throws IOException {
            return channelIn.available();
        }

        @Override
        public void close() throws IOException {
            ChannelSocket.this.close();
        }
    }

    // everything else is the channel's socket's

    @Override
    public SocketChannel getChannel() {
        return channel;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        adaptor.connect(endpoint);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        adaptor.connect(endpoint, timeout);
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        adaptor.bind(local);
    }

    @Override
    public InetAddress getInetAddress() {
        return adaptor.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return adaptor.getLocalAddress();
    }

    @Override
    public int getPort() {
        return adaptor.getPort();
    }

    @Override
    public int getLocalPort() {
        return adaptor.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return adaptor.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return adaptor.getLocalSocketAddress();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return adaptor.getOutputStream();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        adaptor.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return adaptor.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        adaptor.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return adaptor.getSoLinger();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        adaptor.sendUrgentData(data);
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        adaptor.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return adaptor.getOOBInline();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        adaptor.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return adaptor.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        adaptor.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return adaptor.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        adaptor.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return adaptor.getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        adaptor.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return adaptor.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        adaptor.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return adaptor.getReuseAddress();
    }

    @Override
    public void shutdownInput() throws IOException {
        adaptor.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        adaptor.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return adaptor.isConnected();
    }

    @Override
    public boolean isBound() {
        return adaptor.isBound();
    }

    @Override
    public boolean isClosed() {
        return adaptor.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return adaptor.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return adaptor.isOutputShutdown();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        adaptor.setPerformancePreferences(connectionTime, latency, bandwidth);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        adaptor.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return adaptor.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return adaptor.supportedOptions();
    }

    @Override
    public String toString() {
        return adaptor.toString();
    }
}
