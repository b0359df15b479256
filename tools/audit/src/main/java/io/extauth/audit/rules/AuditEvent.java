package io.extauth.audit.rules;

import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Topics;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** One event of the contract as it was read: where, its CloudEvents id and time, and its data. */
public record AuditEvent(Position position, String id, Instant time, ExtauthEvent data) {

    /**
     * A user's events in the order they happened: by time, then in the contract's flow of topics, then by offset.
     * Written out rather than chained: sorting a million events calls it some twenty million times, and a chain of
     * key extractors (with a list search for the topic's rank) cost several per cent of the audit's CPU.
     */
    public static final Comparator<AuditEvent> CHRONOLOGICAL = AuditEvent::chronologically;
    private static final Map<String, Integer> TOPIC_RANKS = topicRanks();

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

    private static int chronologically(AuditEvent a, AuditEvent b) {
        int byTime = a.time.compareTo(b.time);
        if (byTime != 0) {
            return byTime;
        }
        Position p = a.position;
        Position q = b.position;
        int byTopic = Integer.compare(topicRank(p.topic()), topicRank(q.topic()));
        if (byTopic != 0) {
            return byTopic;
        }
        int byPartition = Integer.compare(p.partition(), q.partition());
        return byPartition != 0 ? byPartition : Long.compare(p.offset(), q.offset());
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
