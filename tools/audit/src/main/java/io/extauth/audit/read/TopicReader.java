package io.extauth.audit.read;

import io.extauth.contract.Topics;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

/**
 * Reads the contract's topics and their dead-letter topics from the beginning (or from a time) up to the end offsets
 * captured at the start. Read-only and invisible to the services: partitions are assigned, no group id, nothing
 * committed.
 */
public final class TopicReader {

    /** Threads that parse while the consumer polls: the machine the audit was measured on has two cores. */
    private static final int PARSERS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    /**
     * Records polled but not yet kept, at most: each holds on to its fetch response, so this bounds the heap. Every
     * young collection copies what is in flight, and what overflows the survivor space fills the old generation with
     * records about to be dropped: 30,000 (with 10,000 a poll) cost two full collections per million events, 8,000
     * (2,000 a poll) one, ~0.5 GC CPU s less (issue 14, seventh pass; 4,000 and 1,000 were no better).
     */
    private static final int MAX_IN_FLIGHT = 8_000;
    /** What {@link #initializeClientAhead} started, until a read waits for it. */
    private static final AtomicReference<@Nullable FutureTask<Void>> CLIENT_INITIALIZED = new AtomicReference<>();

    private final String bootstrapServers;
    private final Duration timeout;

    public TopicReader(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /**
     * Starts, on a daemon thread of its own, what the consumer's constructor and first requests would otherwise do
     * first on the reading thread: the JVM's platform MBean server (the client registers an app-info bean there,
     * metrics reporters or not: ~50 ms, every platform bean made and registered) and the tables of the protocol and
     * of the consumer's configuration (static initializers). The command's {@code main} calls it before the command
     * line is parsed, so it runs while picocli builds its model; {@link #read} waits for it to end before it makes the
     * consumer, so none of the client's classes is initialized by that thread and the reading one at once (two
     * threads initializing classes that need each other, in opposite orders, would wait on each other for good). The
     * lifecycle's thread, which runs beside it, shares only the logging's set-up with it, which is made for a first
     * use from several threads. Nothing is connected; a run that only prints its help starts the work too and exits
     * without waiting for it (issue 14, forty-seventh pass: the offsets were known ~73 ms earlier).
     */
    public static void initializeClientAhead() {
        initializeClientAhead(TopicReader::initializeClient);
    }

    /**
     * With other work, for the tests. Called once per process (by {@code main}); a read takes what it started, and the
     * module's test classes run one at a time, so no other read waits for it.
     */
    static void initializeClientAhead(Runnable initialization) {
        FutureTask<Void> task = new FutureTask<>(initialization, null);
        Thread thread = new Thread(task, "audit-client-init");
        thread.setDaemon(true);
        CLIENT_INITIALIZED.set(task);
        thread.start();
    }

    static void initializeClient() {
        ManagementFactory.getPlatformMBeanServer();
        ConsumerConfig.configNames();
        ApiKeys.values();
        Errors.forCode(Errors.NONE.code());
        ApiMessageType.values();
        Utils.murmur2(new byte[0]);
    }

    /**
     * Waits until what {@link #initializeClientAhead} started has ended, if it was started. What it failed with is
     * thrown here, as the consumer's making would have thrown it on this thread (a class whose initialization failed
     * on another thread would only say that it could not be initialized).
     */
    private static void awaitClientInitialized() {
        FutureTask<Void> task = CLIENT_INITIALIZED.getAndSet(null);
        if (task == null) {
            return;
        }
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Kafka client was being initialized", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public static List<String> auditedTopics() {
        List<String> topics = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(topic -> topics.add(Topics.deadLetterOf(topic)));
        return topics;
    }

    public ReadHistory read(@Nullable Instant from, Progress progress) {
        ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, runnable -> {
            Thread thread = new Thread(runnable, "audit-parse");
            thread.setDaemon(true);
            return thread;
        });
        KafkaConsumer<ByteBuffer, ByteBuffer> consumer = null;
        try {
            awaitClientInitialized();
            consumer = open();
            return read(consumer, from, progress, parsers);
        } catch (KafkaException e) {
            throw unreachable(e);
        } finally {
            parsers.shutdownNow();
            if (consumer != null) {
                closeAtOnce(consumer);
            }
        }
    }

    /**
     * Closes without waiting for the broker: the reader joined no group and committed nothing, so nothing is left to
     * finish there. The default close waited for its fetch sessions' last exchange, up to its 30 s: ~0.5 s of every
     * audit's 5 (issue 14, thirtieth pass). A close that fails changes nothing that was read.
     */
    static void closeAtOnce(KafkaConsumer<?, ?> consumer) {
        try {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        } catch (KafkaException ignored) {
            // the history is read; the connection goes with the process
        }
    }

    private ReadHistory read(KafkaConsumer<ByteBuffer, ByteBuffer> consumer, @Nullable Instant from, Progress progress,
            ExecutorService parsers) {
        Instant asOf = Instant.now();
        Map<String, List<PartitionInfo>> existing;
        try {
            existing = consumer.listTopics(timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String topic : auditedTopics()) {
            List<PartitionInfo> infos = existing.get(topic);
            if (infos == null) {
                missing.add(topic);
            } else {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> start = from == null ? consumer.beginningOffsets(partitions, timeout)
                : startAt(consumer, partitions, from, end);
        consumer.assign(partitions);
        Set<TopicPartition> remaining = new HashSet<>();
        long total = 0;
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, start.get(partition));
            if (start.get(partition) < end.get(partition)) {
                remaining.add(partition);
                total += end.get(partition) - start.get(partition);
            }
        }
        consumer.pause(without(partitions, remaining));
        HistoryBuilder history = new HistoryBuilder((int) Math.min(total, Integer.MAX_VALUE - 8), parsers);
        progress.start(total);
        long startNanos = System.nanoTime();
        long lastProgress = startNanos;
        while (!remaining.isEmpty()) {
            ConsumerRecords<ByteBuffer, ByteBuffer> records = consumer.poll(Duration.ofMillis(500));
            history.submit(records, end);
            int counted = history.collect(false);
            List<TopicPartition> done = new ArrayList<>();
            for (TopicPartition partition : remaining) {
                if (consumer.position(partition, timeout) >= end.get(partition)) {
                    done.add(partition);
                }
            }
            done.forEach(remaining::remove);
            consumer.pause(done);
            if (!records.isEmpty() || counted > 0 || !done.isEmpty()) {
                lastProgress = System.nanoTime();
                progress.advance(counted);
            } else if (System.nanoTime() - lastProgress > timeout.toNanos() * 3) {
                throw new BrokerUnreachableException("no records from Kafka at " + bootstrapServers + " for "
                        + timeout.multipliedBy(3).toSeconds() + " s while " + remaining.size()
                        + " partitions were still unread", null);
            }
        }
        progress.advance(history.collect(true));
        progress.finish();
        return history.build(Duration.ofNanos(System.nanoTime() - startNanos), asOf, missing);
    }

    private Map<TopicPartition, Long> startAt(KafkaConsumer<ByteBuffer, ByteBuffer> consumer,
            List<TopicPartition> partitions, Instant from, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = found.get(partition);
            start.put(partition, at == null ? end.get(partition) : at.offset());
        }
        return start;
    }

    private static List<TopicPartition> without(Collection<TopicPartition> all, Set<TopicPartition> keep) {
        return all.stream().filter(p -> !keep.contains(p)).toList();
    }

    private KafkaConsumer<ByteBuffer, ByteBuffer> open() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "extauth-audit");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a fetch response is one byte array: 8 MiB ones keep the heap's garbage small (64 MiB ones were humongous
        // objects that started old-generation collections) and still fetch faster than the parsers parse
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"); // small hand-offs: see MAX_IN_FLIGHT
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(2 * 1024 * 1024));
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, String.valueOf(4 * 1024 * 1024));
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        props.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "2000");
        props.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "5000");
        // a run of seconds that nobody watches over JMX, and no metrics pushed to the broker
        props.put(ConsumerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
        props.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        // keys and values stay where they were fetched (no copy per record): the parsers read them in place
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        try {
            return new KafkaConsumer<>(props);
        } catch (KafkaException e) {
            throw new BrokerUnreachableException("cannot use bootstrap servers '" + bootstrapServers + "': "
                    + rootMessage(e), e);
        }
    }

    private BrokerUnreachableException unreachable(Exception e) {
        if (e instanceof BrokerUnreachableException known) {
            return known;
        }
        return new BrokerUnreachableException("cannot reach Kafka at " + bootstrapServers + " within "
                + timeout.toSeconds() + " s: " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Collects what the records turned out to be. */
    private static final class HistoryBuilder {

        private final CloudEventReader reader = new CloudEventReader();
        private final List<io.extauth.audit.rules.AuditEvent> events;
        private final List<io.extauth.audit.rules.DeadLetter> deadLetters = new ArrayList<>();
        private final List<Unreadable> unreadable = new ArrayList<>();
        private final ExecutorService parsers;
        /** Parsed partitions of the polls, in the order they were polled; kept in that order. */
        private final ArrayDeque<Future<List<ReadRecord>>> pending = new ArrayDeque<>();
        private final ArrayDeque<Integer> pendingSizes = new ArrayDeque<>();
        private int inFlight;
        private long records;

        HistoryBuilder(int expected, ExecutorService parsers) {
            events = new ArrayList<>(expected);
            this.parsers = parsers;
        }

        /**
         * Hands a poll's records, a task per partition, to the parsers (parsing costs more than fetching, so the
         * next poll runs while they parse), keeping only those before the end offsets.
         */
        void submit(ConsumerRecords<ByteBuffer, ByteBuffer> polled, Map<TopicPartition, Long> end) {
            for (TopicPartition partition : polled.partitions()) {
                long last = end.get(partition);
                String topic = reader.canonicalTopic(partition.topic());
                List<ConsumerRecord<ByteBuffer, ByteBuffer>> records = polled.records(partition);
                pendingSizes.add(records.size());
                inFlight += records.size();
                pending.add(parsers.submit(() -> {
                    List<ReadRecord> read = new ArrayList<>(records.size());
                    for (ConsumerRecord<ByteBuffer, ByteBuffer> record : records) {
                        if (record.offset() < last) {
                            read.add(reader.readInPlace(record, topic));
                        }
                    }
                    return read;
                }));
            }
        }

        /**
         * Keeps what the parsers have finished, in poll order: all of it when {@code all}, else what is done (and
         * waits when too much is in flight, which bounds the memory). Returns how many records it kept.
         */
        int collect(boolean all) {
            int kept = 0;
            while (!pending.isEmpty() && (all || pending.peek().isDone() || inFlight > MAX_IN_FLIGHT)) {
                inFlight -= pendingSizes.remove();
                List<ReadRecord> partition;
                try {
                    partition = pending.remove().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(e.getCause());
                }
                partition.forEach(this::add);
                kept += partition.size();
            }
            return kept;
        }

        private void add(ReadRecord read) {
            records++;
            if (read instanceof ReadRecord.Event e) {
                events.add(e.event());
            } else if (read instanceof ReadRecord.Dead d) {
                deadLetters.add(d.deadLetter());
            } else if (read instanceof ReadRecord.Bad b) {
                unreadable.add(b.unreadable());
            }
        }

        ReadHistory build(Duration elapsed, Instant asOf, List<String> missing) {
            return new ReadHistory(events, deadLetters, unreadable, records, elapsed, asOf, missing);
        }
    }
}
