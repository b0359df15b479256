package io.extauth.messaging.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A topic with too few replicas to take writes with a broker down: producers wait for {@code min.insync.replicas}
 * (acks=all), so a topic needs one replica more than that to survive the loss of any one broker.
 */
public record UnderReplicatedTopic(String topic, int replicationFactor, int minInsyncReplicas) {

    /** The topics whose replication factor is below their {@code min.insync.replicas} + 1, in the order given. */
    public static List<UnderReplicatedTopic> among(Map<String, Integer> replicationFactors,
            Map<String, Integer> minInsyncReplicas) {
        List<UnderReplicatedTopic> weak = new ArrayList<>();
        replicationFactors.forEach((topic, replicas) -> {
            int minInsync = minInsyncReplicas.getOrDefault(topic, 1);
            if (replicas < minInsync + 1) {
                weak.add(new UnderReplicatedTopic(topic, replicas, minInsync));
            }
        });
        return weak;
    }

    @Override
    public String toString() {
        return topic + " has " + replicationFactor + " replica(s), min.insync.replicas=" + minInsyncReplicas
                + " needs " + (minInsyncReplicas + 1);
    }
}
