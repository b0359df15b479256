package io.extauth.service.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import javax.net.SocketFactory;

/**
 * The sockets the services talk to PostgreSQL over (the driver's {@code socketFactory}, set by
 * {@link io.extauth.service.ServiceDefaults} unless {@code extauth.database.channel-sockets=false}): those of
 * {@link SocketChannel}s, whose reads without a timeout are one blocking {@code read} each.
 *
 * <p>The JDK's own {@link Socket} switches its descriptor to non-blocking the first time it reads with a timeout, for
 * good; every read after that is a {@code read} that finds nothing yet, a {@code poll} and a second {@code read}.
 * HikariCP reads with a timeout when it checks a connection (under its validation timeout): once it has been idle for
 * more than half a second, which under any load is soon, so pooled connections paid three system calls per answer
 * for the rest of their lives. A channel's
 * socket goes back to blocking after a read with a timeout; and a long timeout, the driver's {@code socketTimeout}
 * that bounds every read, is kept without a timed read ({@link ChannelSocket}), so each answer is still one
 * blocking {@code read}. Measured (issue 14, forty-sixth pass, order-service's
 * {@code SocketModeCpuProbe}): 47.9-55.1 against 53.1-70.9 us of the calling thread's CPU per transaction of two round
 * trips (a statement and the commit), lower in each of four alternating pairs.
 *
 * <p>One difference to know: a channel is closed when a thread blocked in it, or starting I/O on it, is interrupted
 * ({@link java.nio.channels.ClosedByInterruptException}). The services interrupt threads only when they stop (their
 * pollers and timers). A thread interrupted while it holds a connection fails its statement, its transaction rolls
 * back, and HikariCP drops that connection and opens another, as when PostgreSQL drops one; a thread already
 * interrupted is refused a connection before the pool is asked ({@link InterruptedCallerGuard}), as the pool's check
 * of each idle connection it would hand that thread would close it.
 */
public final class ChannelSocketFactory extends SocketFactory {

    /** Unconnected, as the driver asks for it: it connects the socket itself, with its connect timeout. */
    @Override
    public Socket createSocket() throws IOException {
        return new ChannelSocket(SocketChannel.open());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(createSocket(), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        return connected(socket, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(createSocket(), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        return connected(socket, new InetSocketAddress(address, port));
    }

    private static Socket connected(Socket socket, InetSocketAddress address) throws IOException {
        try {
            socket.connect(address);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
