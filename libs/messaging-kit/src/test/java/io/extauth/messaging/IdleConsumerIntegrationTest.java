package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * What a consumer under the kit's defaults costs while nothing happens: each of a stack's ~21 consumers asks the
 * broker for records again whenever the broker's wait for them ends, so that wait sets the idle fetch rate. The
 * broker answers a waiting fetch as soon as a record arrives (fetch.min.bytes 1), so a longer wait delays nothing.
 */
@EmbeddedKafka(partitions = 1, topics = IdleConsumerIntegrationTest.TOPIC)
class IdleConsumerIntegrationTest {

    static final String TOPIC = "idle-consumer";

    @Test
    void anIdleConsumerAsksTheBrokerAtMostOnceInTwoSecondsYetARecordStillReachesIt(EmbeddedKafkaBroker broker) {
        new ApplicationContextRunner()
                .withInitializer(context -> new KafkaDefaults().postProcessEnvironment(context.getEnvironment(),
                        new SpringApplication()))
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString())
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    ConsumerFactory<String, byte[]> consumers = context.getBean(ConsumerFactory.class);
                    try (Consumer<String, byte[]> consumer = consumers.createConsumer("idle", "idle")) {
                        consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
                        consumer.poll(Duration.ofMillis(500));
                        double before = fetches(consumer);
                        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                        while (System.nanoTime() < end) {
                            assertThat(consumer.poll(Duration.ofMillis(500))).isEmpty();
                        }
                        assertThat(fetches(consumer) - before).as("fetches in 8 idle seconds").isLessThanOrEqualTo(6);

                        send(broker, "a record");
                        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
                        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                        while (received.isEmpty() && System.nanoTime() < deadline) {
                            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                        }
                        assertThat(received).extracting(record -> new String(record.value())).containsExactly(
                                "a record");
                    }
                });
    }

    private static double fetches(Consumer<?, ?> consumer) {
        for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
            if (metric.getKey().name().equals("fetch-total")
                    && metric.getKey().group().equals("consumer-fetch-manager-metrics")) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("the consumer has no fetch-total metric");
    }

    private static void send(EmbeddedKafkaBroker broker, String value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "user", value.getBytes())).get();
        }
    }
}
