package io.extauth.audit.synthetic;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import io.extauth.contract.CloudEventHeaders;
import io.extauth.contract.ContractJson;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes clean synthetic histories in binary mode, as the services do, until at least the asked number of events. */
public final class SyntheticSeeder {

    private static final ObjectMapper JSON = ContractJson.mapper();
    private final String bootstrapServers;

    public SyntheticSeeder(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public long seed(long events, PrintWriter err) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long written = 0;
        long users = 0;
        long startNanos = System.nanoTime();
        // recent enough that the broker's time-based retention keeps every record, and all in the past
        Instant epoch = Instant.now().minus(Duration.ofDays(1))
                .minusSeconds(events / SyntheticHistory.EVENTS_PER_USER + 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            while (written < events && failure.get() == null) {
                for (SyntheticHistory.Timed timed : SyntheticHistory.of(users, epoch)) {
                    producer.send(record(timed), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    written++;
                }
                users++;
                if (users % 10_000 == 0) {
                    err.printf("seed: %,d events for %,d users%n", written, users);
                    err.flush();
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("writing synthetic events failed", failure.get());
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        err.printf("seed: wrote %,d events for %,d users in %.1f s%n", written, users, seconds);
        err.flush();
        return written;
    }

    private static ProducerRecord<String, byte[]> record(SyntheticHistory.Timed timed) {
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(timed.topic(), null,
                    timed.time().toEpochMilli(), timed.event().userId(), JSON.writeValueAsBytes(timed.event()));
            header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
            header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
            header(record, CloudEventHeaders.SOURCE, "/synthetic");
            header(record, CloudEventHeaders.TYPE, timed.event().eventType());
            header(record, CloudEventHeaders.TIME, timed.time().toString());
            header(record, CloudEventHeaders.SUBJECT, timed.event().userId());
            header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
            return record;
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
