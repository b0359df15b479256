package io.extauth.audit.read;

import io.extauth.contract.Topics;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.FetchResponse;
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
     * Bytes of fetch answers handed to the parsers but not yet kept, at most (exceeded by one answer's partition at
     * most): each answer is one array the parsed records hold on to, so this bounds the heap. Every young collection
     * copies what is in flight, and what overflows the survivor space fills the old generation with records about to
     * be dropped (issue 14, seventh pass: 8,000 records of the consumer's then, ~4.8 MB of the bench's events, against
     * 30,000 that cost two full collections per million events).
     */
    private static final int MAX_IN_FLIGHT_BYTES = 6 * 1024 * 1024;
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
        try (Fetches fetches = new Fetches(consumer, existing, remaining, end)) {
            long lastProgress = startNanos;
            while (!remaining.isEmpty()) {
                boolean fetched = fetches.fetchOnce(position, history);
                int counted = history.collect(false);
                if (fetched || counted > 0) {
                    lastProgress = System.nanoTime();
                    progress.advance(counted);
                } else if (System.nanoTime() - lastProgress > timeout.toNanos() * 3) {
                    throw new BrokerUnreachableException("no records from Kafka at " + bootstrapServers + " for "
                            + timeout.multipliedBy(3).toSeconds() + " s while " + remaining.size()
                            + " partitions were still unread" + fetches.lastFailure(), null);
                }
            }
        }
        progress.advance(history.collect(true));
        progress.finish();
        return history.build(Duration.ofNanos(System.nanoTime() - startNanos), asOf, missing);
    }

    /**
     * The partitions still unread, fetched from their leaders ({@link FetchConnection}: one connection per broker,
     * one request under way on each). A partition whose leader moved, or a broker that cannot be reached, is asked
     * for again after its leader is looked up anew; a read that gets nothing for three times the timeout gives up
     * (above).
     */
    private final class Fetches implements AutoCloseable {

        private final KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
        private final Set<TopicPartition> remaining;
        private final Map<TopicPartition, Long> end;
        private final Map<TopicPartition, Node> leaders = new HashMap<>();
        private final Map<Integer, FetchConnection> connections = new HashMap<>();
        /**
         * The order partitions are asked for in: those answered with records move to the end, so a partition whose
         * records did not fit into an answer comes first in a later one (as the consumer rotates them).
         */
        private final Set<TopicPartition> order = new LinkedHashSet<>();
        private final Set<String> staleTopics = new HashSet<>();
        private String lastFailure = "";

        Fetches(KafkaConsumer<ByteBuffer, ByteBuffer> consumer, Map<String, List<PartitionInfo>> metadata,
                Set<TopicPartition> remaining, Map<TopicPartition, Long> end) {
            this.consumer = consumer;
            this.remaining = remaining;
            this.end = end;
            remaining.stream().map(TopicPartition::topic).distinct().forEach(topic -> leadersOf(metadata.get(topic)));
            order.addAll(remaining);
        }

        /**
         * Sends a fetch to every broker that leads an unread partition and has none under way, then takes every
         * answer, each partition's records to the parsers; whether any partition moved on.
         */
        boolean fetchOnce(Map<TopicPartition, Long> position, HistoryBuilder history) {
            refreshStaleLeaders();
            Set<Node> brokers = new LinkedHashSet<>();
            for (TopicPartition partition : order) {
                Node leader = leaders.get(partition);
                if (remaining.contains(partition) && leader != null) {
                    brokers.add(leader);
                }
            }
            boolean moved = false;
            for (Node broker : brokers) {
                FetchConnection connection = connection(broker);
                if (connection == null) {
                    continue;
                }
                try {
                    if (!connection.awaiting()) {
                        connection.send(request(broker, position));
                    }
                    Map<TopicPartition, FetchResponseData.PartitionData> answer = connection.receive();
                    Map<TopicPartition, Long> at = new HashMap<>(position);
                    moved |= advance(connection, answer, position);
                    // the next request goes out before this answer's records are handed on: the broker reads them
                    // while the parsers parse these
                    Map<TopicPartition, Long> next = request(broker, position);
                    if (!next.isEmpty() && staleTopics.isEmpty()) {
                        connection.send(next);
                    }
                    handOn(answer, at, history);
                } catch (IOException | KafkaException e) {
                    failed(connection, e);
                }
            }
            return moved;
        }

        /** The unread partitions this broker leads, each from its position, in the order they are asked for. */
        private Map<TopicPartition, Long> request(Node broker, Map<TopicPartition, Long> position) {
            Map<TopicPartition, Long> request = new LinkedHashMap<>();
            for (TopicPartition partition : order) {
                if (remaining.contains(partition) && broker.equals(leaders.get(partition))) {
                    request.put(partition, position.get(partition));
                }
            }
            return request;
        }

        /** Each partition's records of an answer to the parsers, from where it was asked for. */
        private void handOn(Map<TopicPartition, FetchResponseData.PartitionData> answer, Map<TopicPartition, Long> at,
                HistoryBuilder history) {
            answer.forEach((partition, data) -> {
                if (data.errorCode() == Errors.NONE.code()) {
                    MemoryRecords records = (MemoryRecords) FetchResponse.recordsOrFail(data);
                    if (records.sizeInBytes() > 0) {
                        history.submit(partition, records, at.get(partition), end.get(partition),
                                data.abortedTransactions());
                    }
                }
            });
        }

        /** Moves each partition of an answer past its whole batches; whether any moved. */
        private boolean advance(FetchConnection connection,
                Map<TopicPartition, FetchResponseData.PartitionData> answer, Map<TopicPartition, Long> position) {
            boolean moved = false;
            for (Map.Entry<TopicPartition, FetchResponseData.PartitionData> entry : answer.entrySet()) {
                TopicPartition partition = entry.getKey();
                FetchResponseData.PartitionData data = entry.getValue();
                Errors error = Errors.forCode(data.errorCode());
                long at = position.get(partition);
                if (error == Errors.NONE) {
                    long next = RecordBatches.nextOffset((MemoryRecords) FetchResponse.recordsOrFail(data), at);
                    if (next > at) {
                        position.put(partition, next);
                        order.remove(partition);
                        order.add(partition);
                        moved = true;
                    }
                } else if (error == Errors.OFFSET_OUT_OF_RANGE && data.logStartOffset() > at) {
                    // deleted while it was read (retention): what is left starts there
                    position.put(partition, data.logStartOffset());
                    moved = true;
                } else if (error.exception() instanceof RetriableException) {
                    // another leader, or none for a moment: looked up again before the next fetch
                    staleTopics.add(partition.topic());
                    lastFailure = ": " + partition + " " + error.name();
                } else {
                    // not a moment's trouble: the read stops here, saying why (not retried as a lost broker is)
                    throw new IllegalStateException("fetching " + partition + " from " + connection.node()
                            + " at offset " + at + ": " + error.name() + " (" + error.message() + ")");
                }
                if (position.get(partition) >= end.get(partition)) {
                    remaining.remove(partition);
                }
            }
            return moved;
        }

        private @Nullable FetchConnection connection(Node node) {
            FetchConnection connection = connections.get(node.id());
            if (connection != null && connection.node().equals(node)) {
                return connection;
            }
            if (connection != null) {
                connection.close();
                connections.remove(node.id());
            }
            try {
                connection = new FetchConnection(node, "extauth-audit", timeout);
                connections.put(node.id(), connection);
                return connection;
            } catch (IOException e) {
                lastFailure = ": " + node.host() + ":" + node.port() + " " + rootMessage(e);
                staleLeadersOf(node);
                pause();
                return null;
            }
        }

        /** A broker that failed mid-exchange: its connection dropped, its partitions' leaders looked up again. */
        private void failed(FetchConnection connection, Exception e) {
            lastFailure = ": " + connection.node().host() + ":" + connection.node().port() + " " + rootMessage(e);
            connection.close();
            connections.remove(connection.node().id());
            staleLeadersOf(connection.node());
            pause();
        }

        private void staleLeadersOf(Node node) {
            leaders.forEach((partition, leader) -> {
                if (leader.equals(node) && remaining.contains(partition)) {
                    staleTopics.add(partition.topic());
                }
            });
        }

        private void refreshStaleLeaders() {
            for (String topic : List.copyOf(staleTopics)) {
                try {
                    leadersOf(consumer.partitionsFor(topic, timeout));
                    staleTopics.remove(topic);
                } catch (KafkaException e) {
                    lastFailure = ": " + topic + " " + rootMessage(e);
                    pause();
                }
            }
        }

        private void leadersOf(@Nullable List<PartitionInfo> infos) {
            if (infos == null) {
                return;
            }
            for (PartitionInfo info : infos) {
                Node leader = info.leader();
                TopicPartition partition = new TopicPartition(info.topic(), info.partition());
                if (leader == null || leader.isEmpty()) {
                    leaders.remove(partition);
                    staleTopics.add(info.topic());
                } else {
                    leaders.put(partition, leader);
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading", e);
            }
        }

        /** What went wrong last, for the message when the read gives up (empty when nothing did). */
        String lastFailure() {
            return lastFailure;
        }

        @Override
        public void close() {
            connections.values().forEach(FetchConnection::close);
        }
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
        /** Parsed partitions of the fetch answers, in the order they were fetched; kept in that order. */
        private final ArrayDeque<Future<List<ReadRecord>>> pending = new ArrayDeque<>();
        private final ArrayDeque<Integer> pendingSizes = new ArrayDeque<>();
        private int inFlight;
        private long records;

        HistoryBuilder(int expected, ExecutorService parsers) {
            events = new ArrayList<>(expected);
            this.parsers = parsers;
        }

        /**
         * Hands a partition's records of a fetch answer to the parsers (parsing costs more than fetching, so the next
         * fetch runs while they parse), keeping only those from where it was fetched and before the end offset.
         */
        void submit(TopicPartition partition, MemoryRecords records, long fetched, long end,
                @Nullable List<FetchResponseData.AbortedTransaction> aborted) {
            String topic = reader.canonicalTopic(partition.topic());
            int size = records.sizeInBytes();
            pendingSizes.add(size);
            inFlight += size;
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
                        });
                return read;
            }));
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
