package io.extauth.audit.read;

import io.extauth.audit.rules.Position;
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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

/**
 * Reads the contract's topics and their dead-letter topics from the beginning (or from a time) up to the end offsets
 * captured at the start ({@code read_committed}: up to the last stable offset, without aborted transactions).
 * Read-only and invisible to the services: no group id, nothing committed. A consumer finds the partitions, their
 * leaders and offsets; the records are fetched from the leaders directly ({@link FetchConnection}) and read where the
 * answers hold them ({@link RecordBatches}).
 */
public final class TopicReader {

    /** Threads that parse while the next records are fetched: the machine the audit was measured on has two cores. */
    private static final int PARSERS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    /**
     * Bytes of fetch answers handed to the parsers and not yet all kept, at most, before the next answer is taken
     * (each answer is one array that its partitions' records hold on to until the last of them is read): this bounds
     * the heap, and every young collection copies what is in flight (issue 14, seventh pass: 30,000 records in flight
     * cost two full collections per million events). An answer is up to {@link FetchConnection#MAX_BYTES} (more for
     * a batch larger than that): the next answer is taken once what is in flight is down to about half an answer
     * more than one (fifty-third pass, a million events, three first runs each: 6 MiB 2.51-2.55 s, 8 MiB 2.34-2.36,
     * 12 MiB 2.31-2.36, 16 MiB 2.32-2.39).
     */
    private static final int MAX_IN_FLIGHT_BYTES = 12 * 1024 * 1024;
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
     * finish there (issue 14, thirtieth pass: the default close waited for its fetch sessions' last exchange, ~0.5 s
     * of every audit's 5, when the consumer still fetched the records). A close that fails changes nothing that was
     * read.
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
        Map<TopicPartition, Long> position = new HashMap<>(from == null ? consumer.beginningOffsets(partitions, timeout)
                : startAt(consumer, partitions, from, end));
        Set<TopicPartition> remaining = new HashSet<>();
        long total = 0;
        for (TopicPartition partition : partitions) {
            if (position.get(partition) < end.get(partition)) {
                remaining.add(partition);
                total += end.get(partition) - position.get(partition);
            }
        }
        HistoryBuilder history = new HistoryBuilder((int) Math.min(total, Integer.MAX_VALUE - 8), parsers);
        progress.start(total);
        long startNanos = System.nanoTime();
        List<String> deleted;
        try (LeaderFetches fetches = new LeaderFetches(topics -> leaders(consumer.listTopics(timeout), topics),
                broker -> new FetchConnection(broker, "extauth-audit", timeout), leaders(existing, topicsOf(remaining)),
                remaining, end)) {
            long lastProgress = startNanos;
            while (!remaining.isEmpty()) {
                boolean fetched = fetches.fetchOnce(position, history);
                int counted = history.takeCounted();
                if (fetched || counted > 0) {
                    lastProgress = System.nanoTime();
                    progress.advance(counted);
                } else if (System.nanoTime() - lastProgress > timeout.toNanos() * 3) {
                    throw new BrokerUnreachableException("no records from Kafka at " + bootstrapServers + " for "
                            + timeout.multipliedBy(3).toSeconds() + " s while " + remaining.size()
                            + " partitions were still unread" + fetches.lastFailure(), null);
                }
            }
            deleted = fetches.deleted();
        }
        progress.advance(history.collect(true));
        progress.finish();
        return history.build(Duration.ofNanos(System.nanoTime() - startNanos), asOf, missing, deleted);
    }

    /** Each partition's leader among the metadata's, for the topics given; a partition without one is left out. */
    private static Map<TopicPartition, Node> leaders(Map<String, List<PartitionInfo>> metadata,
            Collection<String> topics) {
        Map<TopicPartition, Node> leaders = new HashMap<>();
        for (String topic : topics) {
            for (PartitionInfo info : metadata.getOrDefault(topic, List.of())) {
                if (info.leader() != null && !info.leader().isEmpty()) {
                    leaders.put(new TopicPartition(topic, info.partition()), info.leader());
                }
            }
        }
        return leaders;
    }

    private static Set<String> topicsOf(Set<TopicPartition> partitions) {
        Set<String> topics = new HashSet<>();
        partitions.forEach(partition -> topics.add(partition.topic()));
        return topics;
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

    private KafkaConsumer<ByteBuffer, ByteBuffer> open() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "extauth-audit");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // the consumer only finds the partitions, their leaders and offsets: the records are fetched apart (Fetches)
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        props.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "2000");
        props.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "5000");
        // a run of seconds that nobody watches over JMX, and no metrics pushed to the broker
        props.put(ConsumerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
        props.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
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

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Collects what the records turned out to be. */
    private static final class HistoryBuilder implements LeaderFetches.Handed {

        private final CloudEventReader reader = new CloudEventReader();
        private final List<io.extauth.audit.rules.AuditEvent> events;
        private final List<io.extauth.audit.rules.DeadLetter> deadLetters = new ArrayList<>();
        private final List<Unreadable> unreadable = new ArrayList<>();
        private final ExecutorService parsers;
        /** Parsed partitions of the fetch answers, in the order they were fetched; kept in that order. */
        private final ArrayDeque<Future<List<ReadRecord>>> pending = new ArrayDeque<>();
        private final ArrayDeque<Integer> pendingSizes = new ArrayDeque<>();
        private int inFlight;
        /** Records kept after an answer, not yet counted for the progress. */
        private int counted;
        private long records;

        HistoryBuilder(int expected, ExecutorService parsers) {
            events = new ArrayList<>(expected);
            this.parsers = parsers;
        }

        /**
         * Hands a partition's records of a fetch answer to the parsers (parsing costs more than fetching, so the next
         * fetch runs while they parse), keeping only those from where it was fetched and before the end offset.
         */
        @Override
        public void records(TopicPartition partition, MemoryRecords records, long fetched, long end,
                @Nullable List<FetchResponseData.AbortedTransaction> aborted, int heldBytes) {
            String topic = reader.canonicalTopic(partition.topic());
            pendingSizes.add(heldBytes);
            inFlight += heldBytes;
            pending.add(parsers.submit(() -> {
                List<ReadRecord> read = new ArrayList<>();
                RecordBatches.read(records, topic, partition.partition(), fetched, end, aborted,
                        new RecordBatches.Sink() {
                            @Override
                            public void raw(RawRecord record) {
                                read.add(reader.readRaw(record));
                            }

                            @Override
                            public void decoded(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
                                read.add(reader.readInPlace(record, topic));
                            }

                            @Override
                            public void unreadable(long offset, String reason) {
                                read.add(new ReadRecord.Bad(new Unreadable(
                                        new Position(topic, partition.partition(), offset), reason)));
                            }
                        });
                return read;
            }));
        }

        @Override
        public void answered() {
            counted += collect(false);
        }

        /** How many records were kept since this was asked last. */
        int takeCounted() {
            int taken = counted;
            counted = 0;
            return taken;
        }

        /**
         * Keeps what the parsers have finished, in fetch order: all of it when {@code all}, else what is done (and
         * waits when too much is in flight, which bounds the memory). Returns how many records it kept.
         */
        int collect(boolean all) {
            int kept = 0;
            while (!pending.isEmpty() && (all || pending.peek().isDone() || inFlight > MAX_IN_FLIGHT_BYTES)) {
                inFlight -= pendingSizes.remove();
                List<ReadRecord> partition;
                try {
                    partition = pending.remove().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof KafkaException corrupt) {
                        // a record the parsers could not read is not a broker out of reach (caught as one above)
                        throw new IllegalStateException("a record could not be read: " + corrupt.getMessage(), corrupt);
                    }
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

        ReadHistory build(Duration elapsed, Instant asOf, List<String> missing, List<String> deleted) {
            return new ReadHistory(events, deadLetters, unreadable, records, elapsed, asOf, missing, deleted);
        }
    }
}
