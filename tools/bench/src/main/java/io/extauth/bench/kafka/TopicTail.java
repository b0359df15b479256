package io.extauth.bench.kafka;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.extauth.contract.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Follows topics from their end as of {@link #start}: partitions assigned by hand, positions resolved before it
 * returns, so nothing published afterwards is missed. Each record's JSON value goes to the listener with the
 * {@link System#nanoTime()} of its arrival; only the records of the event types asked for, where a tail is started for
 * some ({@code auth.email-sent} carries {@code EmailSent} and {@code EmailWithdrawn}: a withdrawn e-mail is no e-mail).
 */
public final class TopicTail implements AutoCloseable {

    /** Called on the tail's thread. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(String topic, JsonNode data, long arrivedNanos);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> types;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean running = true;

    private TopicTail(KafkaConsumer<String, byte[]> consumer, Set<String> types, Listener listener, String name) {
        this.consumer = consumer;
        this.types = Set.copyOf(types);
        this.listener = listener;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    /** A tail of every record of the topics. */
    public static TopicTail start(String bootstrapServers, Collection<String> topics, Listener listener) {
        return start(bootstrapServers, topics, Set.of(), listener);
    }

    /** A tail of the records of the topics whose {@code ce_type} is one of {@code types} (all, for none given). */
    public static TopicTail start(String bootstrapServers, Collection<String> topics, Set<String> types,
            Listener listener) {
        KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(bootstrapServers);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers
                        + ": is the stack running?");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        TopicTail tail = new TopicTail(consumer, types, listener, "bench-tail-" + String.join("+", topics));
        tail.thread.start();
        return tail;
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!ofType(record.headers(), types)) {
                        continue;
                    }
                    long arrived = System.nanoTime();
                    JsonNode data;
                    try {
                        data = JSON.readTree(record.value());
                    } catch (RuntimeException e) {
                        continue;
                    }
                    if (data != null && data.isObject()) {
                        listener.onEvent(record.topic(), data, arrived);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Whether a record with these headers is of one of {@code types} by its {@code ce_type}; every record for none. */
    static boolean ofType(Headers headers, Set<String> types) {
        if (types.isEmpty()) {
            return true;
        }
        Header type = headers.lastHeader(CloudEventHeaders.TYPE);
        return type != null && type.value() != null
                && types.contains(new String(type.value(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
