package io.extauth.messaging.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicReplicationCheckUnitTest {

    private static final List<UnderReplicatedTopic> WEAK = List.of(
            new UnderReplicatedTopic("auth.ordered", 1, 1), new UnderReplicatedTopic("auth.provisioned", 1, 1));

    @Test
    void onASingleBrokerOneShortLineAtInfoSaysItIsExpectedLocally() {
        TopicReplicationCheck.Notice notice = TopicReplicationCheck.notice(WEAK, 1).orElseThrow();

        assertThat(notice.warning()).isFalse();
        assertThat(notice.text()).startsWith("2 topic(s) have one replica on this single-broker cluster")
                .doesNotContain("auth.ordered").hasSizeLessThan(250);
    }

    @Test
    void onAClusterEveryWeakTopicIsNamedInAWarning() {
        TopicReplicationCheck.Notice notice = TopicReplicationCheck.notice(WEAK, 3).orElseThrow();

        assertThat(notice.warning()).isTrue();
        assertThat(notice.text()).contains("cluster of 3 brokers")
                .contains("auth.ordered has 1 replica(s), min.insync.replicas=1 needs 2")
                .contains("auth.provisioned has 1 replica(s)");
    }

    @Test
    void threeReplicasOfWhichOneAloneMayAcknowledgeAWriteAreWarnedAbout() {
        // Kafka's default min.insync.replicas: acks=all is met by the leader alone while the followers lag, the
        // relay deletes the outbox row, and the leader's broker lost takes the event with it
        List<UnderReplicatedTopic> weak = UnderReplicatedTopic.among(Map.of("auth.ordered", 3, "auth.unlocked", 3),
                Map.of("auth.ordered", 1, "auth.unlocked", 2));

        assertThat(weak).containsExactly(new UnderReplicatedTopic("auth.ordered", 3, 1));
        TopicReplicationCheck.Notice notice = TopicReplicationCheck.notice(weak, 3).orElseThrow();
        assertThat(notice.warning()).isTrue();
        // the readiness details show each finding as it reads here
        assertThat(notice.text()).contains("lose writes one replica alone acknowledged")
                .contains("auth.ordered min.insync.replicas=1 lets one replica alone acknowledge a write, lost with "
                        + "its broker: needs 2 (of 3 replicas)")
                .doesNotContain("auth.unlocked").doesNotContain("needs 2;");
    }

    @Test
    void nothingIsSaidWhenEveryTopicSurvivesTheLossOfABroker() {
        assertThat(TopicReplicationCheck.notice(List.of(), 1)).isEmpty();
        assertThat(TopicReplicationCheck.notice(List.of(), 3)).isEmpty();
    }
}
