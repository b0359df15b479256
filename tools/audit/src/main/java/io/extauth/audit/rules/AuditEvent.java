package io.extauth.audit.rules;

import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Topics;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One event of the contract as it was read: where, its CloudEvents id and time, and its data.
 *
 * <p>The audit keeps every event of a history until the end (a million of them was ~350 MiB of live heap that the
 * collector copied again and again), so one is kept flat: the position, the time and an id of the canonical UUID form
 * (what the services write) as plain fields, not as a {@code Position}, an {@code Instant} and a 36-character string
 * of their own. {@link #position()}, {@link #time()} and {@link #id()} make those on demand, for the rules that name
 * them and the report; two events are equal when the record they were before would have been.
 */
public final class AuditEvent {

    /**
     * By time, then in the contract's flow of topics, then by partition and offset: what decides between events of
     * different topic-partitions, and the report's order. Never the order of one partition's events: there the offsets
     * are the truth and the times only the clocks of the instances that wrote them ({@link ReplayOrder}). Written out
     * rather than chained: it is called millions of times per million events, and a chain of key extractors (with a
     * list search for the topic's rank) cost several per cent of the audit's CPU.
     */
    public static final Comparator<AuditEvent> CHRONOLOGICAL = AuditEvent::chronologically;
    private static final Map<String, Integer> TOPIC_RANKS = topicRanks();

    private final String topic;
    private final int partition;
    private final long offset;
    /** The id when it is not a canonical lower-case UUID; else null, and the id is {@code idHigh}/{@code idLow}. */
    private final @Nullable String idText;
    private final long idHigh;
    private final long idLow;
    private final long epochSecond;
    private final int nano;
    private final ExtauthEvent data;

    public AuditEvent(Position position, String id, Instant time, ExtauthEvent data) {
        this(position.topic(), position.partition(), position.offset(), id, time, data);
    }

    public AuditEvent(String topic, int partition, long offset, String id, Instant time, ExtauthEvent data) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.partition = partition;
        this.offset = offset;
        this.epochSecond = time.getEpochSecond();
        this.nano = time.getNano();
        this.data = Objects.requireNonNull(data, "data");
        if (EventIds.isCanonicalUuid(id)) {
            this.idText = null;
            this.idHigh = EventIds.high(id);
            this.idLow = EventIds.low(id);
        } else {
            this.idText = id;
            this.idHigh = 0;
            this.idLow = 0;
        }
    }

    /** An event whose id is a canonical lower-case UUID given as its two halves (the reader's path: no string). */
    public AuditEvent(String topic, int partition, long offset, long idHigh, long idLow, Instant time,
            ExtauthEvent data) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.partition = partition;
        this.offset = offset;
        this.idText = null;
        this.idHigh = idHigh;
        this.idLow = idLow;
        this.epochSecond = time.getEpochSecond();
        this.nano = time.getNano();
        this.data = Objects.requireNonNull(data, "data");
    }

    public Position position() {
        return new Position(topic, partition, offset);
    }

    public String id() {
        return idText != null ? idText : new UUID(idHigh, idLow).toString();
    }

    public Instant time() {
        return Instant.ofEpochSecond(epochSecond, nano);
    }

    public ExtauthEvent data() {
        return data;
    }

    public String type() {
        return data.eventType();
    }

    public UserKey user() {
        return new UserKey(data.accountId(), data.userId());
    }

    public <T extends ExtauthEvent> boolean is(Class<T> type) {
        return type.isInstance(data);
    }

    public <T extends ExtauthEvent> T as(Class<T> type) {
        return type.cast(data);
    }

    String topic() {
        return topic;
    }

    int partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    /** Whether both were read from the same partition of the same topic (no {@link Position} made). */
    boolean samePartition(AuditEvent other) {
        return partition == other.partition && topic.equals(other.topic);
    }

    /** Whether the id is a canonical lower-case UUID, kept as {@link #idHigh()} and {@link #idLow()}. */
    boolean uuidId() {
        return idText == null;
    }

    long idHigh() {
        return idHigh;
    }

    long idLow() {
        return idLow;
    }

    /** The id when it is not a canonical lower-case UUID, else null. */
    @Nullable String idText() {
        return idText;
    }

    /** Whether both carry the same id (faster than comparing {@link #id()}s: no strings made). */
    boolean sameId(AuditEvent other) {
        return idText == null ? other.idText == null && idHigh == other.idHigh && idLow == other.idLow
                : idText.equals(other.idText);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o || o instanceof AuditEvent other && partition == other.partition && offset == other.offset
                && epochSecond == other.epochSecond && nano == other.nano && sameId(other)
                && topic.equals(other.topic) && data.equals(other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(position(), id(), time(), data);
    }

    @Override
    public String toString() {
        return "AuditEvent[position=" + position() + ", id=" + id() + ", time=" + time() + ", data=" + data + "]";
    }

    static int chronologically(AuditEvent a, AuditEvent b) {
        int byTime = Long.compare(a.epochSecond, b.epochSecond);
        if (byTime == 0) {
            byTime = a.nano - b.nano; // both in [0, 999,999,999]: no overflow, as Instant.compareTo
        }
        if (byTime != 0) {
            return byTime;
        }
        int byTopic = Integer.compare(topicRank(a.topic), topicRank(b.topic));
        if (byTopic != 0) {
            return byTopic;
        }
        int byPartition = Integer.compare(a.partition, b.partition);
        return byPartition != 0 ? byPartition : Long.compare(a.offset, b.offset);
    }

    private static int topicRank(String topic) {
        Integer rank = TOPIC_RANKS.get(topic);
        return rank == null ? Topics.ALL.size() : rank;
    }

    private static Map<String, Integer> topicRanks() {
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = Topics.ALL.size() - 1; i >= 0; i--) {
            ranks.put(Topics.ALL.get(i), i); // the first of equal names wins, as indexOf finds it
        }
        return Map.copyOf(ranks);
    }
}
