package io.extauth.audit.rules;

import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Topics;
import java.time.Instant;
import java.util.Comparator;

/** One event of the contract as it was read: where, its CloudEvents id and time, and its data. */
public record AuditEvent(Position position, String id, Instant time, ExtauthEvent data) {

    /** A user's events in the order they happened: by time, then in the contract's flow of topics, then by offset. */
    public static final Comparator<AuditEvent> CHRONOLOGICAL = Comparator.comparing(AuditEvent::time)
            .thenComparingInt(e -> topicRank(e.position().topic()))
            .thenComparingInt(e -> e.position().partition())
            .thenComparingLong(e -> e.position().offset());

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

    private static int topicRank(String topic) {
        int rank = Topics.ALL.indexOf(topic);
        return rank < 0 ? Topics.ALL.size() : rank;
    }
}
