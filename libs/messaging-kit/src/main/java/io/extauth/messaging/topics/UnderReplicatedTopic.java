package io.extauth.messaging.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A topic whose replication does not survive the loss of one broker. Either it stops taking writes: producers wait for
 * {@code min.insync.replicas} (acks=all), so a topic needs one replica more than that to go on with any one broker
 * down. Or it loses writes: with {@code min.insync.replicas=1} (Kafka's default) a write is acknowledged as soon as
 * the leader alone has it whenever the followers lag, the outbox relay deletes its row on that acknowledgement, and
 * the leader's broker lost takes the event with it; two in sync, of three replicas, keep every acknowledged write.
 */
public record UnderReplicatedTopic(String topic, int replicationFactor, int minInsyncReplicas) {

    /** The {@code min.insync.replicas} below which one replica alone may acknowledge a write. */
    static final int SAFE_MIN_INSYNC = 2;

    /**
     * The topics that stop taking writes with a broker lost (replication factor below their
     * {@code min.insync.replicas} + 1) or may lose acknowledged writes ({@code min.insync.replicas} below 2), in the
     * order given; a topic whose {@code min.insync.replicas} is not known is taken to have Kafka's default, 1.
     */
    public static List<UnderReplicatedTopic> among(Map<String, Integer> replicationFactors,
            Map<String, Integer> minInsyncReplicas) {
        List<UnderReplicatedTopic> weak = new ArrayList<>();
        replicationFactors.forEach((topic, replicas) -> {
            UnderReplicatedTopic candidate = new UnderReplicatedTopic(topic, replicas,
                    minInsyncReplicas.getOrDefault(topic, 1));
            if (candidate.stopsWithABrokerLost() || candidate.oneReplicaAcknowledges()) {
                weak.add(candidate);
            }
        });
        return weak;
    }

    /** Whether it stops taking writes (acks=all) when one broker is lost. */
    public boolean stopsWithABrokerLost() {
        return replicationFactor < minInsyncReplicas + 1;
    }

    /** Whether one replica alone may acknowledge a write, which the loss of its broker then loses. */
    public boolean oneReplicaAcknowledges() {
        return minInsyncReplicas < SAFE_MIN_INSYNC;
    }

    @Override
    public String toString() {
        List<String> reasons = new ArrayList<>();
        if (stopsWithABrokerLost()) {
            reasons.add("has " + replicationFactor + " replica(s), min.insync.replicas=" + minInsyncReplicas
                    + " needs " + (minInsyncReplicas + 1));
        }
        if (oneReplicaAcknowledges()) {
            reasons.add("min.insync.replicas=" + minInsyncReplicas + " lets one replica alone acknowledge a write, "
                    + "lost with its broker: needs " + SAFE_MIN_INSYNC + " (of " + (SAFE_MIN_INSYNC + 1)
                    + " replicas)");
        }
        return topic + " " + String.join("; ", reasons);
    }
}
