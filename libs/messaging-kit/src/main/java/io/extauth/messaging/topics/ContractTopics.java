package io.extauth.messaging.topics;

import io.extauth.contract.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/** Every topic of the contract and its dead-letter topic, as the kit declares them when it creates topics. */
public final class ContractTopics {

    private ContractTopics() {
    }

    /** The names of every contract topic and its {@code -dlt} topic. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String topic : Topics.ALL) {
            names.add(topic);
            names.add(Topics.deadLetterOf(topic));
        }
        return names;
    }

    /**
     * The topics to create; without a replication factor the broker's own {@code default.replication.factor} applies,
     * so a three-broker cluster set up for three replicas gets three, and a single local broker one.
     */
    public static List<NewTopic> declare(int partitions, Optional<Short> replicationFactor) {
        return names().stream().map(name -> new NewTopic(name, Optional.of(partitions), replicationFactor)).toList();
    }
}
