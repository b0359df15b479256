package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ServiceListenerUnitTest {

    @Test
    void eachRecordGoesToTheListenerOfItsTopic() {
        List<String> taken = new ArrayList<>();
        ServiceListener listener = new ServiceListener(List.of(
                () -> Map.of("b.topic", record -> taken.add("b:" + record.key())),
                () -> Map.of("a.topic", record -> taken.add("a:" + record.key()), "c.topic",
                        record -> taken.add("c:" + record.key()))));

        listener.onRecord(new ConsumerRecord<>("c.topic", 0, 0, "k1", new byte[0]));
        listener.onRecord(new ConsumerRecord<>("a.topic", 1, 0, "k2", new byte[0]));

        assertThat(listener.topics()).containsExactly("a.topic", "b.topic", "c.topic");
        assertThat(taken).containsExactly("c:k1", "a:k2");
        assertThatThrownBy(() -> listener.onRecord(new ConsumerRecord<>("d.topic", 0, 0, "k", new byte[0])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("d.topic");
    }

    @Test
    void aTopicReadByTwoListenersOfOneServiceStopsItsStart() {
        // in one consumer group each would get only some of the topic's partitions: half the records each
        assertThatThrownBy(() -> new ServiceListener(List.of(() -> Map.of("a.topic", record -> { }),
                () -> Map.of("a.topic", record -> { })))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a.topic");
        assertThatThrownBy(() -> new ServiceListener(List.of(Map::of))).isInstanceOf(IllegalStateException.class);
    }
}
