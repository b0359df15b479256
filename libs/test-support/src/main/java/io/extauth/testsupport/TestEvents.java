package io.extauth.testsupport;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes records as an outside system would: binary or structured CloudEvents, or raw bytes. */
public final class TestEvents implements AutoCloseable {

    private static final ObjectMapper JSON = ContractJson.mapper();
    private final KafkaProducer<String, byte[]> producer;

    public TestEvents(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    /** Sends in binary mode with a fresh {@code ce_id}; returns the id. */
    public String sendBinary(String topic, ExtauthEvent event) {
        return sendBinary(topic, event, UUID.randomUUID().toString());
    }

    public String sendBinary(String topic, ExtauthEvent event, String eventId) {
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.userId(),
                    JSON.writeValueAsBytes(event));
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", eventId);
            header(record, "ce_source", "/test");
            header(record, "ce_type", event.eventType());
            header(record, "ce_time", Instant.now().toString());
            header(record, "ce_subject", event.userId());
            header(record, "content-type", "application/json");
            producer.send(record).get();
            return eventId;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends in structured mode: the whole CloudEvent as the value. */
    public String sendStructured(String topic, ExtauthEvent event) {
        String id = UUID.randomUUID().toString();
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("specversion", "1.0").put("id", id).put("source", "/test").put("type", event.eventType())
                .put("time", Instant.now().toString()).put("subject", event.userId())
                .put("datacontenttype", "application/json");
        envelope.set("data", JSON.valueToTree(event));
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.userId(),
                    JSON.writeValueAsBytes(envelope));
            header(record, "content-type", "application/cloudevents+json; charset=UTF-8");
            producer.send(record).get();
            return id;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends whatever bytes and headers a test wants, to prove what happens to records that are not events. */
    public void sendRaw(String topic, String key, byte[] value, String... headerPairs) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            header(record, headerPairs[i], headerPairs[i + 1]);
        }
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
