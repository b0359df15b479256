package io.extauth.notification.mail.adapter;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * The sockets of the SMTP connections (Angus Mail's {@code mail.smtp.socketFactory}, an instance), which hold the
 * server to two bounds Angus Mail has not: a reply of at most {@code maxReplyBytes}, and an end to the conversation at
 * the e-mail's deadline.
 *
 * <p>Angus Mail reads a reply line by line into a buffer without a maximum, every continuation line ({@code 250-})
 * appended to the one before, until the last: a server (a compromised relay, a man in the middle on plain SMTP) that
 * answers {@code EHLO} with {@code 250-} and hundreds of MB without a line end ran the JVM out of memory, every
 * service of {@code ./extauth up} with it. Here a connection fails once it has read more than {@code maxReplyBytes}
 * since it last wrote (the reply to one command; Angus Mail never pipelines), with {@link ReplyTooLongException}.
 *
 * <p>Angus Mail's read timeout ({@code mail.smtp.timeout}) is per read: a server that sends a byte every few minutes
 * never trips it, and the e-mail's lease is renewed however slow the server, so four such e-mails held every worker
 * and no lockout or fraud mail went out. Within {@link #within} each read waits at most what is left of the deadline
 * (its own timeout shortened to it, so no thread has to close anything), and a read or write after it fails at once:
 * the read as a read timeout ({@link SocketTimeoutException}), which the mailer already sorts (nothing or part of the
 * e-mail handed over: retried; the whole: unconfirmed). Reads and writes of a connection are on the thread that sends
 * over it (Angus Mail's transport is synchronous, and writes time out on a timer that only closes the socket), so the
 * deadline is that thread's, and the count of a connection's reply a plain field.
 *
 * <p>The sockets are plain ones, connected directly: Angus Mail then ignores {@code mail.smtp.socks.host} (it takes a
 * factory's socket as it is), which extauth does not set. TLS from the start ({@code mail.smtp.ssl.enable}) and
 * {@code STARTTLS} are layered over them, so the bounds hold there too; {@code smtps} and TLS from the start with an SSL
 * bundle would not be, and are refused at start ({@link SmtpTlsRule}). A reply's count starts afresh at each write, so
 * the whole conversation has a bound of its own ({@link #REPLIES_PER_CONVERSATION} replies' worth) that no write
 * resets, and a write after the deadline fails as a write, not as a reply that timed out.
 */
final class BoundedSmtpSockets extends SocketFactory {

    /**
     * How many replies' worth the whole conversation of one e-mail may read: a server (or a man in the middle on TLS)
     * that has the client write between the parts of one endless reply (a TLS key update asks for one) starts the
     * reply's count afresh each time; this bound no write resets. A conversation reads a greeting, a few short replies
     * and a TLS handshake: far below.
     */
    static final int REPLIES_PER_CONVERSATION = 16;

    private final long maxReplyBytes;
    /** {@link System#nanoTime} by which the current thread's e-mail must be done; none outside {@link #within}. */
    private final ThreadLocal<@Nullable Long> deadline = new ThreadLocal<>();
    /** Bytes the current thread's e-mail has read over every connection; none outside {@link #within}. */
    private final ThreadLocal<long @Nullable []> conversationBytes = new ThreadLocal<>();

    BoundedSmtpSockets(long maxReplyBytes) {
        this.maxReplyBytes = maxReplyBytes;
    }

    /** Runs {@code conversation} on this thread with every read and write over these sockets ended by the deadline. */
    void within(Duration time, Runnable conversation) {
        deadline.set(System.nanoTime() + time.toNanos());
        conversationBytes.set(new long[1]);
        try {
            conversation.run();
        } finally {
            deadline.remove();
            conversationBytes.remove();
        }
    }

    @Override
    public Socket createSocket() {
        return new BoundedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null, 0);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), localAddress, localPort);
    }

    private Socket connected(InetSocketAddress server, @Nullable InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = new BoundedSocket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, localPort));
        }
        socket.connect(server);
        return socket;
    }

    /** The server answered one command with more than the bound: it is not an SMTP server to talk to. */
    static final class ReplyTooLongException extends IOException {

        ReplyTooLongException(long maxReplyBytes) {
            super("the SMTP server's reply is longer than " + maxReplyBytes + " bytes (extauth.mail.smtp.max-reply-size)");
        }
    }

    private final class BoundedSocket extends Socket {

        /** The read timeout Angus Mail set ({@code mail.smtp.timeout}; 0: none), which a deadline only shortens. */
        private volatile int readTimeout;
        /** The read timeout the socket has now. */
        private int timeoutSet;
        /** Bytes read since the connection last wrote: the reply so far. */
        private long replyBytes;
        private @Nullable InputStream input;
        private @Nullable OutputStream output;

        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            readTimeout = timeout;
            timeoutSet = timeout;
            super.setSoTimeout(timeout);
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        beforeRead();
                        int next = super.read();
                        replied(next < 0 ? 0 : 1);
                        return next;
                    }

                    @Override
                    public int read(byte[] bytes, int offset, int length) throws IOException {
                        beforeRead();
                        int read = super.read(bytes, offset, length);
                        replied(Math.max(read, 0));
                        return read;
                    }
                };
            }
            return input;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (output == null) {
                output = new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(int b) throws IOException {
                        beforeWrite();
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        beforeWrite();
                        // the stream's own, not FilterOutputStream's, which writes byte by byte
                        out.write(bytes, offset, length);
                    }
                };
            }
            return output;
        }

        /** The read waits no longer than the deadline leaves, or fails at once past it. */
        private void beforeRead() throws IOException {
            Long due = deadline.get();
            int timeout = readTimeout;
            if (due != null) {
                long left = TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime());
                if (left <= 0) {
                    throw new SocketTimeoutException("the e-mail's deadline passed (extauth.mail.smtp.send-deadline)");
                }
                timeout = timeout == 0 ? (int) Math.min(left, Integer.MAX_VALUE) : (int) Math.min(timeout, left);
            }
            if (timeout != timeoutSet) {
                timeoutSet = timeout;
                super.setSoTimeout(timeout);
            }
        }

        private void replied(int bytes) throws ReplyTooLongException {
            replyBytes += bytes;
            if (replyBytes > maxReplyBytes) {
                throw new ReplyTooLongException(maxReplyBytes);
            }
            long[] conversation = conversationBytes.get();
            if (conversation != null) {
                conversation[0] += bytes;
                if (conversation[0] > maxReplyBytes * REPLIES_PER_CONVERSATION) {
                    throw new ReplyTooLongException(maxReplyBytes);
                }
            }
        }

        /**
         * A command, or the e-mail: what the connection reads next is the reply to it. Past the deadline the write is
         * refused as a failed write (a {@link SocketException}, not a timeout): what it would have written never left,
         * so an e-mail whose final {@code .} is refused here is not "unconfirmed", as one whose reply timed out is.
         */
        private void beforeWrite() throws SocketException {
            Long due = deadline.get();
            if (due != null && due - System.nanoTime() <= 0) {
                throw new SocketException("the e-mail's deadline passed before this write "
                        + "(extauth.mail.smtp.send-deadline): nothing of it was sent");
            }
            replyBytes = 0;
        }
    }
}
