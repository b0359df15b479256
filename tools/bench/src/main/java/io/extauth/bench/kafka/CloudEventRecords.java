package io.extauth.bench.kafka;

import io.extauth.contract.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Binary-mode CloudEvents records, as a billing system writes them (CONTRACT.md §1). */
public final class CloudEventRecords {

    public static final String SOURCE = "/extauth-bench";

    private CloudEventRecords() {
    }

    public static ProducerRecord<String, byte[]> binary(String topic, String type, String userId, byte[] data) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, userId, data);
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(record, CloudEventHeaders.SOURCE, SOURCE);
        header(record, CloudEventHeaders.TYPE, type);
        header(record, CloudEventHeaders.TIME, Instant.now().toString());
        header(record, CloudEventHeaders.SUBJECT, userId);
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
