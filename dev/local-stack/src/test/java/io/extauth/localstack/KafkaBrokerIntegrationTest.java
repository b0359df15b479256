package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIntegrationTest {

    private static final String TOPIC = "local-stack.persistence";

    @TempDir
    Path dataDir;

    @Test
    void aRecordProducedBeforeARestartIsReadAfterItFromTheSameDirectory() throws Exception {
        String clusterId;
        try (KafkaBroker broker = new KafkaBroker(dataDir, 0, 0).start()) {
            assertThat(broker.port()).isPositive();
            clusterId = broker.clusterId();
            produce(broker.bootstrapServers(), "user-1", "ordered before the restart");
            assertThat(consumeAll(broker.bootstrapServers(), "before-restart", 1))
                    .containsExactly("user-1=ordered before the restart");
        }

        try (KafkaBroker restarted = new KafkaBroker(dataDir, 0, 0).start()) {
            assertThat(restarted.clusterId()).isEqualTo(clusterId);
            produce(restarted.bootstrapServers(), "user-2", "ordered after the restart");
            assertThat(consumeAll(restarted.bootstrapServers(), "after-restart", 2))
                    .containsExactlyInAnyOrder("user-1=ordered before the restart", "user-2=ordered after the restart");
        }
    }

    private static void produce(String bootstrapServers, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(String bootstrapServers, String group, int expected) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await("the " + expected + " record(s) of " + TOPIC).atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.key() + "=" + record.value());
                }
                return seen.size() >= expected;
            });
        }
        return seen;
    }
}
