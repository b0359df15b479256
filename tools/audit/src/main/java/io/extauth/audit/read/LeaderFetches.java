package io.extauth.audit.read;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.FetchResponse;
import org.jspecify.annotations.Nullable;

/**
 * The partitions still unread, fetched from their leaders ({@link FetchConnection}: one connection per broker, one
 * request under way on each, the next sent as soon as an answer is in). A partition whose leader moved (or has none
 * for a moment), and every partition of a broker that cannot be reached, is asked for again once the leaders are
 * looked up anew (fresh metadata, not the consumer's cache), after a pause; a partition's position moves only once its
 * records are handed on, so an exchange that fails loses nothing. The caller gives up when nothing moves for long
 * (three times the timeout, {@link TopicReader}).
 */
final class LeaderFetches implements AutoCloseable {

    /** Each partition's leader, from fresh metadata (a partition with none at the moment is left out). */
    @FunctionalInterface
    interface Leaders {
        Map<TopicPartition, Node> of(Collection<String> topics);
    }

    /** A connection to a broker. */
    @FunctionalInterface
    interface Connector {
        FetchConnection connect(Node broker) throws IOException;
    }

    /** Where the records of each answer go. */
    interface Handed {

        /**
         * A partition's records from {@code fetched}, to be read up to {@code end}; {@code heldBytes}: the bytes of
         * the answer that are free once these are read (the whole answer's with its last partition, else 0).
         */
        void records(TopicPartition partition, MemoryRecords records, long fetched, long end,
                @Nullable List<FetchResponseData.AbortedTransaction> aborted, int heldBytes);

        /** After each answer: a moment to keep what is parsed (and to wait when too much is in flight). */
        void answered();
    }

    private static final long PAUSE_MILLIS = 100;

    private final Leaders lookup;
    private final Connector connector;
    private final Set<TopicPartition> remaining;
    private final Map<TopicPartition, Long> end;
    private final Map<TopicPartition, Node> leaders = new HashMap<>();
    private final Map<Integer, FetchConnection> connections = new HashMap<>();
    /** What each connection's request under way asked for: an answer is read against it, nothing else. */
    private final Map<FetchConnection, Map<TopicPartition, Long>> asked = new HashMap<>();
    /**
     * The order partitions are asked for in: those answered with records move to the end, so a partition whose
     * records did not fit into an answer (the broker sends a batch larger than a partition's share whole only for
     * the first partition with records) comes first in a later one, as the consumer rotates them.
     */
    private final Set<TopicPartition> order = new LinkedHashSet<>();
    private final List<String> deleted = new ArrayList<>();
    private boolean leadersStale;
    private String lastFailure = "";

    /** The partitions in {@code remaining} are read up to {@code end}; their leaders as the read found them first. */
    LeaderFetches(Leaders lookup, Connector connector, Map<TopicPartition, Node> leaders,
            Set<TopicPartition> remaining, Map<TopicPartition, Long> end) {
        this.lookup = lookup;
        this.connector = connector;
        this.remaining = remaining;
        this.end = end;
        this.leaders.putAll(leaders);
        order.addAll(remaining);
        leadersStale = remaining.stream().anyMatch(partition -> !leaders.containsKey(partition));
    }

    /**
     * Sends a fetch to every broker that leads an unread partition and has none under way, takes every answer and
     * hands each partition's records on; whether any partition moved on. Pauses when nothing could be asked or a
     * partition is to be asked again.
     */
    boolean fetchOnce(Map<TopicPartition, Long> position, Handed handed) {
        if (leadersStale) {
            pause(); // what made them stale (an election, a lost broker) takes a moment to settle
            refreshLeaders();
        }
        Set<Node> brokers = new LinkedHashSet<>();
        for (TopicPartition partition : order) {
            Node leader = leaders.get(partition);
            if (remaining.contains(partition) && leader != null) {
                brokers.add(leader);
            }
        }
        boolean moved = false;
        for (Node broker : brokers) {
            moved |= exchange(broker, position, handed);
        }
        if (brokers.isEmpty()) {
            pause(); // no partition has a leader to ask at the moment
        }
        return moved;
    }

    private boolean exchange(Node broker, Map<TopicPartition, Long> position, Handed handed) {
        FetchConnection connection = connection(broker);
        if (connection == null) {
            return false;
        }
        Map<TopicPartition, FetchResponseData.PartitionData> answer;
        Map<TopicPartition, Long> request;
        try {
            if (!asked.containsKey(connection)) {
                send(connection, position);
            }
            request = asked.remove(connection);
            answer = connection.receive();
        } catch (IOException | KafkaException e) {
            failed(connection, e);
            return false;
        }
        boolean moved = take(connection, request, answer, position, handed);
        try {
            if (!leadersStale && !request(connection.node()).isEmpty()) {
                send(connection, position); // the broker reads the next records while these are parsed
            }
        } catch (IOException | KafkaException e) {
            failed(connection, e);
        }
        handed.answered();
        return moved;
    }

    private void send(FetchConnection connection, Map<TopicPartition, Long> position) throws IOException {
        Map<TopicPartition, Long> request = new LinkedHashMap<>();
        for (TopicPartition partition : request(connection.node())) {
            request.put(partition, position.get(partition));
        }
        connection.send(request);
        asked.put(connection, request);
    }

    /** The unread partitions this broker leads, in the order they are asked for. */
    private List<TopicPartition> request(Node broker) {
        List<TopicPartition> request = new ArrayList<>();
        for (TopicPartition partition : order) {
            if (remaining.contains(partition) && broker.equals(leaders.get(partition))) {
                request.add(partition);
            }
        }
        return request;
    }

    /**
     * Reads an answer against its request: each partition's next position (past its whole batches) found first, and
     * nothing moved if any partition's records cannot be read; then the records handed on, then the positions moved.
     * A partition the request did not ask for, or asked for from another offset, is ignored.
     */
    private boolean take(FetchConnection connection, Map<TopicPartition, Long> request,
            Map<TopicPartition, FetchResponseData.PartitionData> answer, Map<TopicPartition, Long> position,
            Handed handed) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        List<Map.Entry<TopicPartition, MemoryRecords>> withRecords = new ArrayList<>();
        for (Map.Entry<TopicPartition, FetchResponseData.PartitionData> entry : answer.entrySet()) {
            TopicPartition partition = entry.getKey();
            FetchResponseData.PartitionData data = entry.getValue();
            Long at = request.get(partition);
            if (at == null || !at.equals(position.get(partition))) {
                continue; // not asked for, or asked for by an earlier request: this one's records are not these
            }
            Errors error = Errors.forCode(data.errorCode());
            if (error == Errors.NONE) {
                MemoryRecords records = (MemoryRecords) FetchResponse.recordsOrFail(data);
                long after = RecordBatches.nextOffset(records, at);
                if (after > at) {
                    next.put(partition, after);
                    withRecords.add(Map.entry(partition, records));
                }
            } else if (error == Errors.OFFSET_OUT_OF_RANGE && data.logStartOffset() > at) {
                // deleted while it was read (retention): what is left starts there
                next.put(partition, data.logStartOffset());
                deleted.add(partition + " offsets " + at + "-" + (Math.min(data.logStartOffset(), end.get(partition))
                        - 1));
            } else if (error.exception() instanceof RetriableException) {
                // another leader, or none for a moment: looked up again, after a pause
                leadersStale = true;
                lastFailure = ": " + partition + " " + error.name() + " from " + connection.node();
            } else {
                // not a moment's trouble: the read stops here, saying why (not retried as a lost broker is)
                throw new IllegalStateException("fetching " + partition + " from " + connection.node()
                        + " at offset " + at + ": " + error.name() + " (" + error.message() + ")");
            }
        }
        int answerBytes = answer.values().stream().mapToInt(FetchResponse::recordsSize).sum();
        for (int i = 0; i < withRecords.size(); i++) {
            TopicPartition partition = withRecords.get(i).getKey();
            handed.records(partition, withRecords.get(i).getValue(), position.get(partition), end.get(partition),
                    answer.get(partition).abortedTransactions(), i == withRecords.size() - 1 ? answerBytes : 0);
        }
        next.forEach((partition, after) -> {
            position.put(partition, after);
            order.remove(partition);
            order.add(partition);
            if (after >= end.get(partition)) {
                remaining.remove(partition);
            }
        });
        return !next.isEmpty();
    }

    private @Nullable FetchConnection connection(Node broker) {
        FetchConnection connection = connections.get(broker.id());
        if (connection != null && connection.node().equals(broker)) {
            return connection;
        }
        if (connection != null) {
            drop(connection);
        }
        try {
            connection = connector.connect(broker);
            connections.put(broker.id(), connection);
            return connection;
        } catch (IOException e) {
            lastFailure = ": " + broker.host() + ":" + broker.port() + " " + TopicReader.rootMessage(e);
            leadersStale = true;
            return null;
        }
    }

    /** A broker that failed mid-exchange: its connection dropped, the leaders looked up again. */
    private void failed(FetchConnection connection, Exception e) {
        lastFailure = ": " + connection.node().host() + ":" + connection.node().port() + " "
                + TopicReader.rootMessage(e);
        drop(connection);
        leadersStale = true;
    }

    private void drop(FetchConnection connection) {
        connection.close();
        asked.remove(connection);
        connections.remove(connection.node().id(), connection);
    }

    private void refreshLeaders() {
        Set<String> topics = new HashSet<>();
        remaining.forEach(partition -> topics.add(partition.topic()));
        try {
            Map<TopicPartition, Node> found = lookup.of(topics);
            leaders.clear();
            leaders.putAll(found);
            leadersStale = remaining.stream().anyMatch(partition -> !leaders.containsKey(partition));
            // a request under way to a broker that no longer leads what it asked for is answered with errors or
            // records that no longer count: dropped with its connection
            for (FetchConnection connection : List.copyOf(asked.keySet())) {
                if (asked.get(connection).keySet().stream()
                        .anyMatch(partition -> !connection.node().equals(leaders.get(partition)))) {
                    drop(connection);
                }
            }
        } catch (KafkaException e) {
            lastFailure = ": " + TopicReader.rootMessage(e);
            leadersStale = true;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
    }

    /** The ranges the broker deleted before they were read ({@code topic-partition offsets from-to}). */
    List<String> deleted() {
        return List.copyOf(deleted);
    }

    /** What went wrong last, for the message when the read gives up (empty when nothing did). */
    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        List.copyOf(connections.values()).forEach(this::drop);
    }
}
