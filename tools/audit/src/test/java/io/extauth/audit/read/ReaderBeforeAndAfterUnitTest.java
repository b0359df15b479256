package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.synthetic.SyntheticHistory;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fourth pass: the reader compares header values as bytes instead of decoding them. It must read every
 * record exactly as it did before ({@link CloudEventReaderBefore}, the reader of commit 6de60f0): the same event, id,
 * time and position, or the same reason it is unreadable - also for thousands of records whose headers are mangled at
 * random (values one byte off, not UTF-8, missing, empty, twice, in structured mode).
 */
class ReaderBeforeAndAfterUnitTest {

    private static final Instant TIME = Instant.parse("2025-03-01T08:00:00Z");
    private static final byte[] NOT_UTF8 = {'1', '.', (byte) 0xff};

    private final CloudEventReader after = new CloudEventReader();
    private final CloudEventReaderBefore before = new CloudEventReaderBefore();

    @Test
    void recordsWithHeadersMangledAtRandomAreReadAsBefore() throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        List<ExtauthEvent> events = new ArrayList<>(RecordShapes.everyEvent());
        SyntheticHistory.of(3, TIME).forEach(timed -> events.add(timed.event()));
        Set<String> outcomes = new HashSet<>();
        int readAsEvents = 0;
        for (int i = 0; i < 20_000; i++) {
            ExtauthEvent event = events.get(random.nextInt(events.size()));
            ConsumerRecord<byte[], byte[]> record = random.nextInt(4) == 0 ? structured(event, random)
                    : binary(event, random);

            String was = describe(before.read(record));
            assertThat(describe(after.read(record))).as(record.headers() + " " + new String(record.value(),
                    StandardCharsets.UTF_8)).isEqualTo(was);
            outcomes.add(was.replaceAll("\\[.*", ""));
            readAsEvents += was.startsWith("event") ? 1 : 0;
        }

        // the mangling reaches every branch: events read, and records refused for many different reasons
        assertThat(readAsEvents).isGreaterThan(500);
        assertThat(outcomes).hasSizeGreaterThan(20);
    }

    private static ConsumerRecord<byte[], byte[]> binary(ExtauthEvent event, SplittableRandom random)
            throws Exception {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", pick(random, bytes("1.0"), bytes("1.0"), bytes("1.0 "), bytes("1.1"),
                bytes(""), bytes("1"), NOT_UTF8, bytes("\uFFFD.0"), null, ABSENT, TWICE));
        header(headers, "ce_id", pick(random, bytes("id-1"), bytes("id-1"), bytes(""), bytes(" "), bytes("\u00efd"),
                NOT_UTF8, null, ABSENT));
        header(headers, "ce_source", bytes("/test"));
        header(headers, "ce_type", pick(random, bytes(event.eventType()), bytes(event.eventType()),
                bytes(event.eventType() + " "), bytes(event.eventType().toLowerCase()), bytes("Provisioned"),
                bytes("Nope"), bytes(""), bytes(" "), NOT_UTF8, null, ABSENT, TWICE));
        header(headers, "ce_time", pick(random, bytes("2025-03-01T08:00:00Z"), bytes("2025-03-01T09:00:00+01:00"),
                bytes("2025-03-01T08:00:00.5Z"), bytes("yesterday"), NOT_UTF8, null, ABSENT));
        header(headers, "content-type", pick(random, bytes("application/json"), bytes("application/json"),
                bytes("application/cloudevents+json"), bytes("application/cloudevents"),
                bytes("APPLICATION/CLOUDEVENTS+JSON"), bytes("application/cloudevents+json\u00ff"), NOT_UTF8, null,
                ABSENT, TWICE));
        return record(topic(event, random), headers, ContractJson.mapper().writeValueAsBytes(event));
    }

    private static ConsumerRecord<byte[], byte[]> structured(ExtauthEvent event, SplittableRandom random)
            throws Exception {
        String data = new String(ContractJson.mapper().writeValueAsBytes(event), StandardCharsets.UTF_8);
        String envelope = "{\"specversion\":" + pick(random, "\"1.0\"", "\"1.0\"", "\"1.1\"", "1.0", "null")
                + ",\"id\":" + pick(random, "\"id-s\"", "\"id-s\"", "\"\"", "7", "null")
                + ",\"type\":" + pick(random, "\"" + event.eventType() + "\"", "\"" + event.eventType() + "\"",
                        "\"Nope\"", "null")
                // a source, as the services require (since session 61 the audit refuses an event without one, as
                // they do: CloudEventReaderUnitTest)
                + ",\"source\":\"/test\",\"time\":\"2025-03-01T08:00:00Z\""
                + ",\"data\":" + pick(random, data, data, data, "null", "\"text\"") + "}";
        RecordHeaders headers = new RecordHeaders();
        header(headers, "content-type", pick(random, bytes("application/cloudevents+json"),
                bytes("application/cloudevents+json; charset=UTF-8")));
        header(headers, "ce_specversion", pick(random, bytes("1.0"), ABSENT));
        header(headers, "ce_type", pick(random, bytes("Provisioned"), ABSENT));
        return record(topic(event, random), headers, envelope.getBytes(StandardCharsets.UTF_8));
    }

    /** A header left out. */
    private static final byte[] ABSENT = new byte[0];
    /** The header twice: first a wrong value, then the right one (the last counts). */
    private static final byte[] TWICE = new byte[0];

    private static void header(RecordHeaders headers, String key, byte[] value) {
        if (value == ABSENT) {
            return;
        }
        if (value == TWICE) {
            headers.add(key, bytes("wrong"));
            headers.add(key, bytes(key.equals("content-type") ? "application/json"
                    : key.equals("ce_type") ? "Provisioned" : "1.0"));
            return;
        }
        headers.add(key, value);
    }

    private static String topic(ExtauthEvent event, SplittableRandom random) {
        return random.nextInt(10) == 0 ? Topics.AUTH_ACTIVATED : EventTypes.topicOf(event);
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String describe(ReadRecord read) {
        if (read instanceof ReadRecord.Event e) {
            return "event " + e.event();
        }
        if (read instanceof ReadRecord.Bad bad) {
            return "unreadable " + bad.unreadable().reason() + " at " + bad.unreadable().position();
        }
        return "other " + read;
    }

    /** Without a key: the reader before knew of none, and one not the event's user is unreadable now. */
    private static ConsumerRecord<byte[], byte[]> record(String topic, RecordHeaders headers, byte[] value) {
        return new ConsumerRecord<>(topic, 1, 7, 1_000L, TimestampType.CREATE_TIME, -1, value.length, null,
                value, headers, Optional.empty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
