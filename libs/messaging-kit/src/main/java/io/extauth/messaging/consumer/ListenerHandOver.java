package io.extauth.messaging.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Hands a listener container's partitions to the service's other instances while this one cannot reach the database
 * ({@code extauth.messaging.retry.hand-over-after}). A record that has waited that long for the database
 * ({@link DatabaseWait}), on a database that the {@link DatabaseProbe} still finds unavailable from here, stops its
 * container: its consumers leave the group, the partitions go to the instances still in it, and the record, whose
 * offset was not committed, is read again by its new owner (the inbox absorbs whatever was applied already). Every
 * {@link #RETAKE_EVERY} the probe asks again, and the container is started once the database takes writes from here.
 * Without this, an instance cut off from PostgreSQL alone held its partitions, polling and heartbeating, until each
 * head record had waited {@code retry.database-wait} and was dead-lettered, while an instance that could apply them
 * idled.
 *
 * <p>When the database is down for every instance, every instance hands over and stops; nothing is dead-lettered for
 * the outage, and all take up again when it is back. {@code retry.database-wait} still bounds a record's wait where
 * the probe answers (a full disk: this instance is not the one cut off) and, counted over its hand-overs here, the
 * record that takes the database down wherever it goes.
 *
 * <p>The container is stopped abnormally, from a thread of this class's (a container must not be stopped from its own
 * consumer thread synchronously): the service did not stop it, and spring-kafka's {@code isInExpectedState} says so
 * until it runs again (the service kit's {@code listeners} health reads {@link #handedOver} for the detail). One WARN
 * when a container is handed over, one INFO when it is taken up again.
 */
public final class ListenerHandOver implements SmartLifecycle {

    static final Duration RETAKE_EVERY = Duration.ofSeconds(5);
    /** Records whose wait here is remembered across hand-overs: those at the head of its partitions, and then some. */
    static final int REMEMBERED_RECORDS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ListenerHandOver.class);
    /** The container whose failure the error handler handles on this thread ({@link #handling}). */
    private static final ThreadLocal<MessageListenerContainer> HANDLING = new ThreadLocal<>();

    private final DatabaseProbe database;
    private final Duration after;
    private final Duration retakeEvery;
    private final Clock clock;
    private final Map<MessageListenerContainer, HandedOver> handedOver = new ConcurrentHashMap<>();
    private final Map<String, Duration> waited = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Duration> eldest) {
            return size() > REMEMBERED_RECORDS;
        }
    };
    private final AtomicLong handOvers = new AtomicLong();
    private volatile @Nullable ScheduledExecutorService retaking;

    /** A container handed over: since when, and whether its stop was asked yet (it is not running before then). */
    private static final class HandedOver {

        final Instant since;
        volatile boolean stopAsked;

        HandedOver(Instant since) {
            this.since = since;
        }
    }

    /**
     * @param after how long a record waits for the database before its container is handed over; {@code 0} never
     */
    public ListenerHandOver(DatabaseProbe database, Duration after, Clock clock) {
        this(database, after, RETAKE_EVERY, clock);
    }

    ListenerHandOver(DatabaseProbe database, Duration after, Duration retakeEvery, Clock clock) {
        if (after.isNegative()) {
            throw new IllegalArgumentException("extauth.messaging.retry.hand-over-after must not be negative (0 "
                    + "never hands over), is " + after);
        }
        this.database = database;
        this.after = after;
        this.retakeEvery = retakeEvery;
        this.clock = clock;
    }

    /** How long a record waits for the database before its container is handed over; zero when never. */
    public Duration after() {
        return after;
    }

    /** Runs the error handler's work on {@code container}'s failure with the container known to {@link #handOver}. */
    static <T> T handling(MessageListenerContainer container, Supplier<T> work) {
        MessageListenerContainer before = HANDLING.get();
        HANDLING.set(container);
        try {
            return work.get();
        } finally {
            if (before == null) {
                HANDLING.remove();
            } else {
                HANDLING.set(before);
            }
        }
    }

    /** How long {@code record} waited for the database here before its container was last handed over. */
    Duration waitedBefore(String record) {
        synchronized (waited) {
            return waited.getOrDefault(record, Duration.ZERO);
        }
    }

    /**
     * Called on the consumer's thread by a record that has waited {@code waitedForDatabase} (more than
     * {@link #after}): stops the container whose failure is being handled, unless the database takes writes from
     * here after all or the container is handed over already. True when the container is being stopped: the record
     * is then neither retried here nor dead-lettered.
     */
    boolean handOver(String record, Duration waitedForDatabase, String reason) {
        MessageListenerContainer container = HANDLING.get();
        ScheduledExecutorService retake = retaking;
        if (after.isZero() || container == null || retake == null) {
            return false;
        }
        if (handedOver.containsKey(container)) {
            return true;
        }
        if (database.takesWrites()) {
            return false; // the database is not what this instance lacks (a full disk, say): every instance would wait
        }
        synchronized (waited) {
            waited.put(record, waitedForDatabase);
        }
        HandedOver handed = new HandedOver(clock.instant());
        if (handedOver.putIfAbsent(container, handed) != null) {
            return true;
        }
        handOvers.incrementAndGet();
        log.warn("Listener {} handed over: the database is unreachable from this instance ({} waited {} for it, "
                + "retry.hand-over-after {}); its partitions go to the service's other instances and it is started "
                + "again once the database takes writes from here: {}", id(container), record,
                DatabaseWait.readable(waitedForDatabase), DatabaseWait.readable(after), reason);
        // not on the consumer's own thread: a container's stop waits for its consumers to end
        retake.execute(() -> {
            try {
                container.stopAbnormally(() -> {
                });
            } finally {
                handed.stopAsked = true;
            }
        });
        return true;
    }

    /** The containers handed over now: listener id → since when. */
    public Map<String, Instant> handedOver() {
        Map<String, Instant> now = new TreeMap<>();
        handedOver.forEach((container, handed) -> now.put(id(container), handed.since));
        return now;
    }

    /** How many times a container of this service was handed over since it started. */
    public long handOvers() {
        return handOvers.get();
    }

    /** Starts the containers handed over whose stop is done, once the database takes writes from here. */
    void retake() {
        if (handedOver.isEmpty()) {
            return;
        }
        boolean asked = false;
        boolean takesWrites = false;
        for (Map.Entry<MessageListenerContainer, HandedOver> entry : handedOver.entrySet()) {
            MessageListenerContainer container = entry.getKey();
            HandedOver handed = entry.getValue();
            if (!handed.stopAsked) {
                continue;
            }
            if (container.isRunning()) {
                handedOver.remove(container); // started by someone else
                log.info("Listener {} handed over at {} is running again; started elsewhere", id(container),
                        handed.since);
                continue;
            }
            if (container.isChildRunning()) {
                continue; // its consumers are still ending
            }
            if (!asked) {
                takesWrites = database.takesWrites();
                asked = true;
            }
            if (!takesWrites) {
                return;
            }
            try {
                container.start();
            } catch (RuntimeException e) {
                log.warn("Listener {} could not be started again, tried again in {}: {}", id(container),
                        DatabaseWait.readable(retakeEvery), e.toString());
                continue;
            }
            handedOver.remove(container);
            log.info("Listener {} takes up its partitions again: the database takes writes from this instance "
                    + "(handed over at {}, {} ago)", id(container), handed.since,
                    DatabaseWait.readable(Duration.between(handed.since, clock.instant())));
        }
    }

    private static String id(MessageListenerContainer container) {
        try {
            String id = container.getListenerId();
            return id != null ? id : String.valueOf(container);
        } catch (UnsupportedOperationException e) {
            return String.valueOf(container);
        }
    }

    @Override
    public void start() {
        if (retaking != null) {
            return;
        }
        ScheduledExecutorService retake = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "extauth-listener-hand-over");
            thread.setDaemon(true);
            return thread;
        });
        retake.scheduleWithFixedDelay(() -> {
            try {
                retake();
            } catch (Throwable e) {
                // an Error too (no native thread for the probe's question or a consumer): one that left this task
                // would cancel every later run, silently, and the containers handed over would never start again
                log.warn("Taking up listeners handed over failed, tried again in {}: {}",
                        DatabaseWait.readable(retakeEvery), e.toString());
            }
        }, retakeEvery.toMillis(), retakeEvery.toMillis(), TimeUnit.MILLISECONDS);
        retaking = retake;
    }

    /** The service stops: no container is handed over or started again from now on. */
    @Override
    public void stop() {
        ScheduledExecutorService retake = retaking;
        retaking = null;
        if (retake != null) {
            retake.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return retaking != null;
    }

    /** Started after the listener containers and stopped before them: the service's stop is not undone here. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
    }
}
