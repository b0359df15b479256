package io.extauth.messaging.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void nothingIsSaidWhenEveryTopicSurvivesTheLossOfABroker() {
        assertThat(TopicReplicationCheck.notice(List.of(), 1)).isEmpty();
        assertThat(TopicReplicationCheck.notice(List.of(), 3)).isEmpty();
    }
}
