package io.extauth.testsupport;

import static org.awaitility.Awaitility.await;

import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches topics from their beginning without a consumer group, as an observer outside the system would, and lets a
 * test wait for the event it expects. Close it at the end of the test class.
 */
public final class TopicRecorder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public TopicRecorder(String bootstrapServers, Collection<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.partitionsFor(topic).isEmpty());
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller = new Thread(this::poll, "topic-recorder");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(toEvent(record));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private static RecordedEvent toEvent(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        JsonNode data = null;
        try {
            data = value == null ? null : JSON.readTree(value);
        } catch (Exception e) {
            // not JSON: kept as text
        }
        return new RecordedEvent(record.topic(), record.partition(), record.offset(), record.key(), headers, value, data);
    }

    /** Every field the services' events seen so far leave out that their contract says is never null. */
    public List<String> fieldsTheContractRequiresButTheServicesLeftOut() {
        return seen.stream().flatMap(event -> ContractFields.missing(event).stream()).toList();
    }

    public List<RecordedEvent> events() {
        return List.copyOf(seen);
    }

    public List<RecordedEvent> events(String topic, Predicate<RecordedEvent> matching) {
        return seen.stream().filter(e -> e.topic().equals(topic)).filter(matching).toList();
    }

    /** Waits until an event of the type for the user is on the topic and returns the first such. */
    public RecordedEvent awaitEvent(String topic, String type, String userId) {
        return awaitEvent(topic, e -> type.equals(e.type()) && userId.equals(e.key()));
    }

    /** Waits until an event of the contract type for the user is on its topic and returns it, read into its record. */
    public <E extends ExtauthEvent> E awaitEvent(Class<E> type, String userId) {
        return awaitEvent(EventTypes.topicOf(type.getSimpleName()).orElseThrow(), type.getSimpleName(), userId)
                .as(type);
    }

    /** Waits until an event of the contract type on its topic matches, and returns the first such, as its record. */
    public <E extends ExtauthEvent> E awaitEvent(Class<E> type, Predicate<? super E> matching) {
        return awaitRecord(type, matching).as(type);
    }

    /** As {@link #awaitEvent(Class, String)}, but the record as it was on the topic (for its bytes or headers). */
    public RecordedEvent awaitRecord(Class<? extends ExtauthEvent> type, String userId) {
        return awaitEvent(EventTypes.topicOf(type.getSimpleName()).orElseThrow(), type.getSimpleName(), userId);
    }

    /** As {@link #awaitEvent(Class, Predicate)}, but the record as it was on the topic (for its bytes or headers). */
    public <E extends ExtauthEvent> RecordedEvent awaitRecord(Class<E> type, Predicate<? super E> matching) {
        return awaitEvent(EventTypes.topicOf(type.getSimpleName()).orElseThrow(),
                e -> e.is(type) && matching.test(e.as(type)));
    }

    public RecordedEvent awaitEvent(String topic, Predicate<RecordedEvent> matching) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> events(topic, matching), found -> !found.isEmpty()).get(0);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
