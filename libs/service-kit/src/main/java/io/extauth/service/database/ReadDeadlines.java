package io.extauth.service.database;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the long read timeouts of the {@link ChannelSocket}s: one daemon thread per JVM looks every
 * {@link #EVERY} at the sockets that have one and closes each whose read has waited past it, so a read ends at most
 * that much after its bound. A socket is looked at from the timeout being set until it is closed; between reads that
 * costs a volatile read each look.
 *
 * <p>The thread is every such read's bound, so nothing one socket does stops it: a socket whose look fails (an
 * exception or an error from its close) is logged, the first time, and passed over, and the others are still closed
 * on time. Should the thread end all the same, the next socket watched starts another.
 */
final class ReadDeadlines {

    static final Duration EVERY = Duration.ofMillis(500);

    /** What the thread looks at: a socket with a read timeout to keep ({@link ChannelSocket}). */
    interface Watched {

        /** Closes the socket if its read under way has waited past its bound at {@code now} (nano time). */
        void closeIfOverdue(long now);
    }

    private static final Logger log = LoggerFactory.getLogger(ReadDeadlines.class);
    private static final Set<Watched> WATCHED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean FAILURE_LOGGED = new AtomicBoolean();
    private static volatile boolean started;

    private ReadDeadlines() {
    }

    static void watch(Watched socket) {
        WATCHED.add(socket);
        if (!started) {
            start();
        }
    }

    static void forget(Watched socket) {
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
        try {
            while (true) {
                LockSupport.parkNanos(EVERY.toNanos());
                closeOverdue(WATCHED, System.nanoTime());
            }
        } finally {
            started = false; // whatever ended it, the next socket watched starts the thread again
        }
    }

    /** Looks at each socket once; one whose look fails keeps none of the others from being closed. */
    static void closeOverdue(Iterable<? extends Watched> sockets, long now) {
        for (Watched socket : sockets) {
            try {
                socket.closeIfOverdue(now);
            } catch (Throwable e) { // an Error too: the thread that ends here is the bound of every read
                failed(socket, e);
            }
        }
    }

    private static void failed(Watched socket, Throwable e) {
        try {
            if (FAILURE_LOGGED.compareAndSet(false, true)) {
                log.warn("Could not close a PostgreSQL socket whose read outwaited its timeout ({}); the other sockets "
                        + "are still watched, and this one looked at again each {} (logged once, then at DEBUG)",
                        socket, EVERY, e);
            } else {
                log.debug("Could not close a PostgreSQL socket whose read outwaited its timeout ({})", socket, e);
            }
        } catch (Throwable ignored) {
            // the log failed too (out of memory): the other sockets first
        }
    }
}
