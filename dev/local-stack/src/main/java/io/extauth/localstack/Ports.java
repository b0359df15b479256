package io.extauth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Port helpers: 0 means "any free port", and a taken port is reported before anything starts. */
final class Ports {

    static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** Where "any free port" is chosen: below Linux's ephemeral range (32768-60999), see {@link #resolve}. */
    private static final int FIRST_CHOSEN = 20_000;
    private static final int LAST_CHOSEN = 32_767;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * The port itself, or a currently free one when it is 0. A port is chosen at random below the ephemeral range,
     * not by binding port 0: the kernel takes ephemeral ports for outgoing connections (the services' own Kafka and
     * database clients), so a port chosen there and bound seconds later may meanwhile be some connection's local port.
     * No port is handed out twice in one JVM.
     */
    static int resolve(int port) {
        if (port != 0) {
            return port;
        }
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(FIRST_CHOSEN, LAST_CHOSEN + 1);
            if (isFree(candidate) && HANDED_OUT.add(candidate)) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new IOException("no free port between " + FIRST_CHOSEN + " and " + LAST_CHOSEN
                + " on " + LOOPBACK));
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Throws {@link PortTakenException} naming what wanted the port. */
    static void requireFree(int port, String usedFor) {
        if (port != 0 && !isFree(port)) {
            throw new PortTakenException(port, usedFor);
        }
    }
}
