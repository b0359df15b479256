package io.extauth.messaging.consumer;

import io.extauth.messaging.consumer.TopicListeners.RecordListener;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * A service's one listener container: every topic its modules read ({@link TopicListeners}), in the service's
 * consumer group, each record handed to its topic's listener. One container instead of one per topic means a
 * consumer per partition rather than per partition and topic (the local stack's four services: 12 consumers instead
 * of 33), and what each consumer costs at rest — its fetch loop, its heartbeat thread, the broker's side of both —
 * is paid a third as often; a poll brings the records of all the service's topics, handled together by
 * {@link BatchedInbound}. With the same number of partitions per topic, Kafka's default (range) assignment gives one
 * consumer the same partition of every topic: a user's records of two topics are handled on one thread, in turn,
 * rather than on two that meet on the user's row lock.
 *
 * <p>What changes: a record retried with back-off holds up the consumer's partitions of every topic the service reads,
 * not only of its own topic (a transient failure — the database, a lock — is seldom one topic's alone). Per-partition
 * order, the inbox, dead-lettering and the consumer group's committed offsets are as they were.
 */
public final class ServiceListener {

    private final Map<String, RecordListener> byTopic;

    public ServiceListener(List<TopicListeners> parts) {
        Map<String, RecordListener> all = new TreeMap<>();
        for (TopicListeners part : parts) {
            part.byTopic().forEach((topic, listener) -> {
                if (all.putIfAbsent(topic, listener) != null) {
                    // two listeners of one topic in one consumer group would each get only some of its partitions
                    throw new IllegalStateException("Topic " + topic + " is read by two listeners of this service");
                }
            });
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("No topic to read: no TopicListeners names one");
        }
        this.byTopic = Map.copyOf(all);
    }

    /** The topics the container subscribes to, in name order. */
    public String[] topics() {
        return byTopic.keySet().stream().sorted().toArray(String[]::new);
    }

    @KafkaListener(topics = "#{__listener.topics()}")
    void onRecord(ConsumerRecord<String, byte[]> record) {
        RecordListener listener = byTopic.get(record.topic());
        if (listener == null) {
            // the container subscribes to exactly these topics: a record of another is a broken subscription
            throw new IllegalStateException("No listener for topic " + record.topic());
        }
        listener.onRecord(record);
    }
}
