package io.extauth.service.database;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the long read timeouts of the {@link ChannelSocket}s: one daemon thread per JVM looks every
 * {@link #EVERY} at the sockets that have one and closes each whose read has waited past it, so a read ends at most
 * that much after its bound. A socket is looked at from the timeout being set until it is closed; between reads that
 * costs a volatile read each look.
 */
final class ReadDeadlines {

    static final Duration EVERY = Duration.ofMillis(500);

    private static final Set<ChannelSocket> WATCHED = ConcurrentHashMap.newKeySet();
    private static volatile boolean started;

    private ReadDeadlines() {
    }

    static void watch(ChannelSocket socket) {
        WATCHED.add(socket);
        if (!started) {
            start();
        }
    }

    static void forget(ChannelSocket socket) {
        WATCHED.remove(socket);
    }

    private static synchronized void start() {
        if (started) {
            return;
        }
        Thread thread = new Thread(ReadDeadlines::run, "postgres-read-deadlines");
        thread.setDaemon(true);
        thread.start();
        started = true;
    }

    private static void run() {
        while (true) {
            LockSupport.parkNanos(EVERY.toNanos());
            long now = System.nanoTime();
            for (ChannelSocket socket : WATCHED) {
                socket.closeIfOverdue(now);
            }
        }
    }
}
