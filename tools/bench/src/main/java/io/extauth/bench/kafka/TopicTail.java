package io.extauth.bench.kafka;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows topics from their end as of {@link #start}: partitions assigned by hand, positions resolved before it
 * returns, so nothing published afterwards is missed. Each record's JSON value goes to the listener with the
 * {@link System#nanoTime()} of its arrival.
 */
public final class TopicTail implements AutoCloseable {

    /** Called on the tail's thread. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(String topic, JsonNode data, long arrivedNanos);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean running = true;

    private TopicTail(KafkaConsumer<String, byte[]> consumer, Listener listener, String name) {
        this.consumer = consumer;
        this.listener = listener;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    public static TopicTail start(String bootstrapServers, Collection<String> topics, Listener listener) {
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
        TopicTail tail = new TopicTail(consumer, listener, "bench-tail-" + String.join("+", topics));
        tail.thread.start();
        return tail;
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
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
