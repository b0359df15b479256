package io.extauth.messaging.inbox;

import io.extauth.contract.Topics;
import io.extauth.messaging.topics.TopicAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the inbox no longer than it is needed: every {@code pruneInterval} it deletes the rows handled before the
 * horizon, a batch per transaction, against the database's clock. The horizon is
 * {@code extauth.messaging.inbox.retention} when an operator sets it, else what the contract's topics and their
 * dead-letter topics on the cluster say, read at each round ({@link InboxHorizon}): while any of them keeps records for
 * ever, compacts them or takes timestamps any time ahead, or no contract topic is found, or they cannot be read,
 * nothing is deleted. Two instances of a service never delete at once: one that finds another deleting skips the
 * rest of its round.
 */
public class InboxPruner implements SmartLifecycle {

    /** Added to what the topics keep: the broker's retention check, the clocks of the instances that wrote the rows. */
    public static final Duration MARGIN = Duration.ofDays(1);
    /** Rows deleted per transaction. */
    public static final int BATCH = 10_000;
    /** The first round comes this long after the start at most, so that a service restarted often still prunes. */
    static final Duration FIRST_ROUND_AT_MOST = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(InboxPruner.class);

    /** Reads how the topics keep their records; may fail (the cluster cannot be reached). */
    @FunctionalInterface
    public interface TopicsOnCluster {
        List<InboxHorizon.TopicKeeping> read() throws Exception;
    }

    /** What a round did: rows deleted, handled before {@code before} (null when nothing could go), and why. */
    public record Pruned(int rows, @Nullable Instant before, String why) {
    }

    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final TopicsOnCluster topics;
    private final @Nullable Duration retention;
    private final Duration pruneInterval;
    private @Nullable ScheduledExecutorService timer;
    private @Nullable String lastWhy;

    public InboxPruner(Inbox inbox, TransactionTemplate transactions, TopicsOnCluster topics,
            @Nullable Duration retention, Duration pruneInterval) {
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("extauth.messaging.inbox.retention must be positive, or unset to keep "
                    + "each row as long as the topics keep its event; was " + retention);
        }
        if (pruneInterval.isNegative()) {
            throw new IllegalArgumentException("extauth.messaging.inbox.prune-interval must not be negative (0: never "
                    + "prune); was " + pruneInterval);
        }
        this.inbox = inbox;
        this.transactions = transactions;
        this.topics = topics;
        this.retention = retention;
        this.pruneInterval = pruneInterval;
    }

    /** One round now, on the caller's thread. */
    public Pruned pruneNow() {
        Duration keep;
        String why;
        if (retention != null) {
            keep = retention;
            why = "extauth.messaging.inbox.retention is " + InboxHorizon.text(retention);
        } else {
            InboxHorizon.Horizon horizon;
            try {
                horizon = InboxHorizon.of(topics.read(), MARGIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Pruned(0, null, "stopped");
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    return new Pruned(0, null, "stopped");
                }
                return new Pruned(0, null, "could not read how the topics keep their records: " + e);
            }
            if (horizon.keep().isEmpty()) {
                return new Pruned(0, null, horizon.why());
            }
            keep = horizon.keep().get();
            why = horizon.why();
        }
        if (keep.compareTo(InboxHorizon.FOR_EVER) >= 0) {
            return new Pruned(0, null, why + ": longer than any row has been kept");
        }
        // the database's clock, not this instance's: an instance whose clock ran ahead deletes nothing early
        Instant before = inbox.databaseNow().minus(keep);
        int deleted = 0;
        while (!Thread.currentThread().isInterrupted()) {
            int batch = Objects.requireNonNull(
                    transactions.execute(status -> inbox.deleteHandledBefore(before, BATCH)));
            if (batch < 0) {
                return new Pruned(deleted, before, "another instance of the service was pruning");
            }
            deleted += batch;
            if (batch < BATCH) {
                break;
            }
        }
        return new Pruned(deleted, before, why);
    }

    private void round() {
        try {
            Pruned pruned = pruneNow();
            if (pruned.rows() > 0) {
                log.info("Inbox: deleted {} row(s) handled before {}: {}", pruned.rows(), pruned.before(),
                        pruned.why());
            } else if (pruned.why().startsWith("could not read")) {
                log.warn("Inbox: nothing deleted, every row kept: {}", pruned.why());
            } else if (pruned.why().equals("stopped")) {
                return;
            } else if (!pruned.why().equals(lastWhy)) {
                log.info("Inbox: nothing deleted{}: {}", pruned.before() == null ? ""
                        : " (nothing handled before " + pruned.before() + ")", pruned.why());
            } else {
                log.debug("Inbox: nothing deleted: {}", pruned.why());
            }
            lastWhy = pruned.why();
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                log.warn("Inbox: the prune failed; the next round tries again: {}", e.toString());
            }
        }
    }

    /**
     * How the contract's topics and their dead-letter topics on the cluster keep their records; topics that do not
     * exist are left out (they hold nothing that could come again).
     */
    public static List<InboxHorizon.TopicKeeping> topicsOnCluster(Map<String, Object> adminSettings,
            Duration timeout) throws Exception {
        int millis = (int) timeout.toMillis();
        Map<String, Boolean> deadLetters = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            deadLetters.put(topic, false);
            deadLetters.put(Topics.deadLetterOf(topic), true);
        }
        try (Admin admin = TopicAdmin.open(adminSettings, timeout)) {
            List<ConfigResource> resources = deadLetters.keySet().stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            List<InboxHorizon.TopicKeeping> found = new ArrayList<>();
            for (Map.Entry<ConfigResource, KafkaFuture<Config>> topic
                    : admin.describeConfigs(resources).values().entrySet()) {
                Config config;
                try {
                    config = topic.getValue().get(millis, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                        continue; // not there: nothing on it can come again
                    }
                    throw e;
                }
                String name = topic.getKey().name();
                found.add(new InboxHorizon.TopicKeeping(name, deadLetters.getOrDefault(name, false),
                        Long.parseLong(value(config, TopicConfig.RETENTION_MS_CONFIG)),
                        Long.parseLong(value(config, TopicConfig.SEGMENT_MS_CONFIG)), aheadMs(config),
                        value(config, TopicConfig.CLEANUP_POLICY_CONFIG).contains(TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            return found;
        }
    }

    /**
     * How far ahead of the broker's clock a record's timestamp may be: none when the topic stamps the append time;
     * else {@code message.timestamp.after.max.ms} (Kafka 3.6 and later), or on an older broker the
     * {@code message.timestamp.difference.max.ms} it replaced; {@link Long#MAX_VALUE} when neither is there.
     */
    private static long aheadMs(Config config) {
        ConfigEntry type = config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
        if (type != null && "LogAppendTime".equals(type.value())) {
            return 0;
        }
        return Optional.ofNullable(config.get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG))
                .or(() -> Optional.ofNullable(config.get("message.timestamp.difference.max.ms")))
                .map(ConfigEntry::value).map(Long::parseLong).orElse(Long.MAX_VALUE);
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        if (entry == null || entry.value() == null) {
            throw new IllegalStateException("the cluster did not say the topic's " + name);
        }
        return entry.value();
    }

    @Override
    public synchronized void start() {
        if (pruneInterval.isZero() || timer != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "inbox-pruner");
            thread.setDaemon(true);
            return thread;
        });
        long first = Math.min(pruneInterval.toMillis(), FIRST_ROUND_AT_MOST.toMillis());
        executor.scheduleWithFixedDelay(this::round, first, pruneInterval.toMillis(), TimeUnit.MILLISECONDS);
        timer = executor;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = timer;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
