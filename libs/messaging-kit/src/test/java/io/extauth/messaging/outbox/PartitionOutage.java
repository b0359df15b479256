package io.extauth.messaging.outbox;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * A test-only fault: one partition of one topic has no leader, as when its broker died. One embedded broker cannot
 * lose a single partition's leader, so the producer is wrapped: records for that partition wait as they would in the
 * producer's buffer (a flush waits for them too), and go out in their order once the partition is back.
 */
final class PartitionOutage {

    private final String topic;
    private final int partition;
    private final List<Runnable> held = new ArrayList<>();
    private boolean down;

    PartitionOutage(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }

    /** The partition a keyed record goes to with the producer's default partitioner. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    synchronized void begin() {
        down = true;
    }

    /** The partition is back: what waited goes out, in the order it was sent. */
    synchronized void end() {
        down = false;
        held.forEach(Runnable::run);
        held.clear();
        notifyAll();
    }

    synchronized int waiting() {
        return held.size();
    }

    ProducerPostProcessor<String, byte[]> wrapper() {
        return producer -> wrap(producer);
    }

    @SuppressWarnings("unchecked")
    private Producer<String, byte[]> wrap(Producer<String, byte[]> producer) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "send" -> send(producer, (ProducerRecord<String, byte[]>) args[0],
                    args.length > 1 ? (Callback) args[1] : null);
            case "flush" -> {
                awaitBack();
                producer.flush();
                yield null;
            }
            default -> invoke(method, producer, args);
        };
        return (Producer<String, byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[] {Producer.class}, handler);
    }

    private synchronized Object send(Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record,
            Callback callback) {
        if (!down || !isOnTheDownPartition(producer, record)) {
            return producer.send(record, callback);
        }
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        held.add(() -> producer.send(record, (metadata, error) -> {
            if (callback != null) {
                callback.onCompletion(metadata, error);
            }
            if (error == null) {
                result.complete(metadata);
            } else {
                result.completeExceptionally(error);
            }
        }));
        return result;
    }

    private boolean isOnTheDownPartition(Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        if (!record.topic().equals(topic)) {
            return false;
        }
        int target = record.partition() != null ? record.partition()
                : partitionOf(record.key(), producer.partitionsFor(topic).size());
        return target == partition;
    }

    private synchronized void awaitBack() throws InterruptedException {
        while (down && !held.isEmpty()) {
            wait();
        }
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
