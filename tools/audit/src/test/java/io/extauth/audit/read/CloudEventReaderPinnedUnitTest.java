package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.rules.Position;
import io.extauth.audit.synthetic.SyntheticHistory;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * What the reader makes of every event of the contract and of data that is almost right, pinned as it was before
 * the reader learned to read the common shapes without data binding (pinned-shapes.tsv was written by the reader of
 * commit 3bec638): the audit must report exactly what it reported. But two rows, changed on purpose in session 72:
 * an {@code int} left out or null is no longer read as 0 but makes the record unreadable, as the services now
 * dead-letter it.
 */
class CloudEventReaderPinnedUnitTest {

    private static final Instant TIME = Instant.parse("2025-03-01T08:00:00Z");

    private final CloudEventReader reader = new CloudEventReader();

    @Test
    void everyEventOfTheContractIsReadBackEqualToWhatWasWritten() throws Exception {
        for (ExtauthEvent event : RecordShapes.everyEvent()) {
            ReadRecord read = reader.read(record(event.eventType(), ContractJson.mapper().writeValueAsBytes(event)));

            assertThat(read).as(event.toString()).isInstanceOf(ReadRecord.Event.class);
            AuditEvent audited = ((ReadRecord.Event) read).event();
            assertThat(audited.data()).isEqualTo(event);
            assertThat(audited.id()).isEqualTo("id-1");
            assertThat(audited.time()).isEqualTo(TIME);
            assertThat(audited.position()).isEqualTo(new Position(EventTypes.topicOf(event), 0, 1));
        }
    }

    @Test
    void everyEventOfASyntheticHistoryIsReadBackEqualToWhatWasWritten() throws Exception {
        for (SyntheticHistory.Timed timed : SyntheticHistory.of(7, TIME)) {
            ReadRecord read = reader.read(record(timed.event().eventType(),
                    ContractJson.mapper().writeValueAsBytes(timed.event())));

            assertThat(((ReadRecord.Event) read).event().data()).isEqualTo(timed.event());
        }
    }

    @Test
    void dataThatIsAlmostRightReadsAsItDidBeforeEventOrTheSameReason() throws IOException {
        Map<String, String> actual = new TreeMap<>();
        RecordShapes.nearMisses().forEach((name, spec) -> {
            String type = spec.substring(0, spec.indexOf('|'));
            byte[] json = spec.substring(spec.indexOf('|') + 1).getBytes(StandardCharsets.UTF_8);
            actual.put(name, describe(() -> reader.read(record(type, json))));
        });

        assertThat(actual).containsExactlyEntriesOf(pinned());
    }

    private static Map<String, String> pinned() throws IOException {
        Map<String, String> pinned = new LinkedHashMap<>();
        try (InputStream in = CloudEventReaderPinnedUnitTest.class.getResourceAsStream("pinned-shapes.tsv")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank())
                    .forEach(line -> {
                        String[] columns = line.split("\t", 2);
                        pinned.put(columns[0], columns[1].replace("\\n", "\n"));
                    });
        }
        return pinned;
    }

    private static String describe(java.util.function.Supplier<ReadRecord> read) {
        try {
            if (read.get() instanceof ReadRecord.Event e) {
                return "event " + e.event().data();
            } else if (read.get() instanceof ReadRecord.Bad bad) {
                return "unreadable " + bad.unreadable().reason();
            }
            return "other " + read.get();
        } catch (RuntimeException e) {
            return "throws " + e.getClass().getName();
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(String type, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes("id-1"));
        headers.add("ce_source", bytes("/test"));
        headers.add("ce_type", bytes(type));
        headers.add("ce_time", bytes("2025-03-01T08:00:00Z"));
        headers.add("content-type", bytes("application/json"));
        String topic = EventTypes.topicOf(type).orElse("auth.provisioned");
        // without a key: the events of these histories are of many users, and a key not the event's user is unreadable
        return new ConsumerRecord<>(topic, 0, 1, 0L, TimestampType.CREATE_TIME, -1, value.length, null, value,
                headers, Optional.empty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
