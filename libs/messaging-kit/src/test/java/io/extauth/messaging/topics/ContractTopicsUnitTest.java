package io.extauth.messaging.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** Issue 12: every topic was created with replication factor 1, silently, even on a three-broker cluster. */
class ContractTopicsUnitTest {

    @Test
    void withoutAReplicationFactorEveryTopicTakesTheBrokersDefault() {
        List<NewTopic> topics = ContractTopics.declare(3, Optional.empty());

        assertThat(topics).hasSize(Topics.ALL.size() * 2);
        assertThat(topics).extracting(NewTopic::name).contains(Topics.AUTH_ORDERED, Topics.deadLetterOf(Topics.AUTH_ORDERED));
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).isEqualTo(3);
            assertThat(topic.replicationFactor()).as("the broker's default.replication.factor").isEqualTo((short) -1);
        });
    }

    @Test
    void aGivenReplicationFactorIsUsedForEveryTopic() {
        assertThat(ContractTopics.declare(6, Optional.of((short) 3)))
                .allSatisfy(topic -> assertThat(topic.replicationFactor()).isEqualTo((short) 3));
    }

    @Test
    void aTopicNeedsOneReplicaMoreThanItsMinInsyncReplicasToSurviveABroker() {
        List<UnderReplicatedTopic> weak = UnderReplicatedTopic.among(
                Map.of("one-of-one", 1, "two-of-two", 2, "three-of-two", 3),
                Map.of("one-of-one", 1, "two-of-two", 2, "three-of-two", 2));

        assertThat(weak).containsExactlyInAnyOrder(new UnderReplicatedTopic("one-of-one", 1, 1),
                new UnderReplicatedTopic("two-of-two", 2, 2));
        assertThat(weak.get(0).toString()).contains("min.insync.replicas");
    }
}
