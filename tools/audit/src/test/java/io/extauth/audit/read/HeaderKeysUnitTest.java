package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.synthetic.SyntheticHistory;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import io.extauth.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, eighth pass: the reader finds the headers it reads by their keys' bytes where the consumer fetched them
 * (a {@link RecordHeader} made of two buffers, as {@code DefaultRecord} makes it), not by decoding each key. A header
 * is the same header either way, and a record is read exactly as the same record with headers made of strings.
 */
class HeaderKeysUnitTest {

    private static final String[] KEYS = {"content-type", "ce_specversion", "ce_id", "ce_type", "ce_time",
        "ce_source", "ce_subject", "traceparent", "kafka_dlt-original-offset", ""};

    private final CloudEventReader reader = new CloudEventReader();

    @Test
    void theKafkaClientOnTheClassPathKeepsTheKeyBytesWhereTheyAreReadInPlace() {
        // a client version without the field would silently decode every key again: fail here instead
        assertThat(HeaderKeys.inPlace()).isTrue();
        assertThat(HeaderKeys.of(fetched(bytes("ce_time"), bytes("x")))).isEqualTo(HeaderKeys.TIME);
    }

    @Test
    void aKeyInPlaceIsTheKeyItsTextIsAlsoWhenItIsOneByteOffOrNotUtf8() {
        SplittableRandom random = new SplittableRandom(8);
        Set<Integer> found = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            byte[] key = mangled(KEYS[random.nextInt(KEYS.length)], random);
            String text = new String(key, StandardCharsets.UTF_8);
            Header inPlace = fetched(key, bytes("v"));

            int which = HeaderKeys.of(inPlace);
            assertThat(which).as(text).isEqualTo(HeaderKeys.of(text))
                    .isEqualTo(HeaderKeys.of(new RecordHeader(text, bytes("v"))));
            assertThat(HeaderKeys.value(inPlace)).isEqualTo(ByteBuffer.wrap(bytes("v")));
            assertThat(inPlace.key()).isEqualTo(text); // left as it was fetched
            assertThat(inPlace.value()).isEqualTo(bytes("v"));
            found.add(which);
        }
        assertThat(found).containsExactlyInAnyOrder(HeaderKeys.OTHER, HeaderKeys.CONTENT_TYPE,
                HeaderKeys.SPEC_VERSION, HeaderKeys.ID, HeaderKeys.TYPE, HeaderKeys.TIME, HeaderKeys.SOURCE);
    }

    @Test
    void aRecordWithHeadersAsFetchedIsReadAsWithHeadersOfStrings() throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        List<ExtauthEvent> events = new ArrayList<>(RecordShapes.everyEvent());
        SyntheticHistory.of(3, Instant.parse("2025-03-01T08:00:00Z")).forEach(timed -> events.add(timed.event()));
        Set<String> outcomes = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            ExtauthEvent event = events.get(random.nextInt(events.size()));
            // each value as the services write it, or one that is refused or read otherwise (no value at all too)
            Object[][] headers = {
                {"ce_specversion", pick(random, "1.0", "1.0", "1.0", "1.0 ", "1.1", "", NOT_UTF8, null)},
                {"ce_id", pick(random, "0b7c3a56-1f2e-4d5c-9a8b-7c6d5e4f3a2b", "0b7c3a56-1f2e-4d5c-9a8b-7c6d5e4f3a2b",
                        "0B7C3A56-1F2E-4D5C-9A8B-7C6D5E4F3A2B", "id-1", "", " ", "\u00efd", NOT_UTF8, null)},
                {"ce_source", "/test"},
                {"ce_type", pick(random, event.eventType(), event.eventType(), event.eventType() + " ", "Nope", "",
                        NOT_UTF8, null)},
                {"ce_time", pick(random, "2025-03-01T08:00:00.5Z", "2025-03-01T08:00:00.5Z",
                        "2025-03-01T09:00:00+01:00", "yesterday", NOT_UTF8, null)},
                {"content-type", pick(random, "application/json", "application/json",
                        "application/cloudevents+json", "APPLICATION/CLOUDEVENTS+JSON", NOT_UTF8, null)}};
            RecordHeaders asStrings = new RecordHeaders();
            RecordHeaders asFetched = new RecordHeaders();
            for (Object[] header : headers) {
                byte[] key = random.nextInt(8) == 0 ? mangled((String) header[0], random) : bytes((String) header[0]);
                byte[] value = header[1] instanceof String text ? bytes(text) : (byte[]) header[1];
                asStrings.add(new RecordHeader(new String(key, StandardCharsets.UTF_8), value));
                asFetched.add(fetched(key, value));
            }
            byte[] value = ContractJson.mapper().writeValueAsBytes(event);
            String topic = EventTypes.topicOf(event);

            String expected = describe(reader.read(record(topic, asStrings, value)));
            assertThat(describe(reader.read(record(topic, asFetched, value)))).as(asStrings.toString())
                    .isEqualTo(expected);
            outcomes.add(expected.replaceAll(" at .*|\\{.*", ""));
        }
        // events, and records refused for each header a mangled key takes away
        assertThat(outcomes).contains("unreadable CloudEvent has no type", "unreadable CloudEvent has no id",
                "unreadable neither a binary nor a structured CloudEvent (no ce_specversion header)");
        assertThat(outcomes).hasSizeGreaterThan(8); // and refused values: specversion, type, time, structured mode
    }

    /**
     * Fifty-third pass: the audit reads a record where its fetched batch holds it ({@link RawRecord}), not from the
     * client's objects. The same records as above, and dead letters, read so are read as the client's records are.
     */
    @Test
    void aRecordReadWhereItsBatchHoldsItIsReadAsTheClientsRecordIs() throws Exception {
        SplittableRandom random = new SplittableRandom(53);
        List<ExtauthEvent> events = new ArrayList<>(RecordShapes.everyEvent());
        Set<String> outcomes = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            ExtauthEvent event = events.get(random.nextInt(events.size()));
            String topic = EventTypes.topicOf(event) + (random.nextInt(10) == 0 ? Topics.DEAD_LETTER_SUFFIX : "");
            Object[][] values = {
                {"ce_specversion", pick(random, "1.0", "1.0", "1.1", "", NOT_UTF8, null)},
                {"ce_id", pick(random, "0b7c3a56-1f2e-4d5c-9a8b-7c6d5e4f3a2b", "id-1", "", null)},
                {"ce_source", pick(random, "/test", "/test", "/test", " ", NOT_UTF8, null)},
                {"ce_type", pick(random, event.eventType(), event.eventType(), "Nope", NOT_UTF8, null)},
                {"ce_time", pick(random, "2025-03-01T08:00:00.5Z", "yesterday", null)},
                {"content-type", pick(random, "application/json", "application/cloudevents+json", null)},
                {"kafka_dlt-original-offset", pick(random, "12", null)},
                {"extauth-dlt-reason", pick(random, "poison", null)}};
            RecordHeaders headers = new RecordHeaders();
            for (Object[] header : values) {
                if (random.nextInt(6) == 0) {
                    continue; // not there at all
                }
                String key = new String(random.nextInt(8) == 0 ? mangled((String) header[0], random)
                        : bytes((String) header[0]), StandardCharsets.UTF_8);
                headers.add(new RecordHeader(key, header[1] instanceof String text ? bytes(text) : (byte[]) header[1]));
            }
            byte[] value = random.nextInt(20) == 0 ? null : ContractJson.mapper().writeValueAsBytes(event);
            MemoryRecordsBuilder batch = MemoryRecords.builder(ByteBuffer.allocate(8192), Compression.NONE,
                    TimestampType.CREATE_TIME, 7);
            batch.appendWithOffset(7, 1_000L, bytes("jane"), value, headers.toArray());
            List<String> read = new ArrayList<>();
            RecordBatches.read(batch.build(), topic, 1, 0, Long.MAX_VALUE, null, new RecordBatches.Sink() {
                @Override
                public void raw(RawRecord record) {
                    read.add(describe(reader.readRaw(record)));
                }

                @Override
                public void decoded(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
                    throw new AssertionError("an uncompressed batch is read in place");
                }

                @Override
                public void unreadable(long offset, String reason) {
                    throw new AssertionError("an uncompressed batch is read in place");
                }
            });

            String expected = describe(reader.read(new ConsumerRecord<>(topic, 1, 7, 1_000L, TimestampType.CREATE_TIME,
                    4, value == null ? -1 : value.length, bytes("jane"), value, headers, Optional.empty())));
            assertThat(read).as(headers.toString()).containsExactly(expected);
            outcomes.add(expected.replaceAll(" at .*|\\{.*|\\[.*", ""));
        }
        assertThat(outcomes).contains("unreadable CloudEvent has no type", "unreadable record has no value");
        assertThat(outcomes.stream().filter(o -> o.startsWith("other"))).as("dead letters").isNotEmpty();
        assertThat(outcomes.stream().filter(o -> o.startsWith("event"))).as("events").isNotEmpty();
    }

    /** The key as it is, or one byte off: changed to any value, left out, added, or in upper case. */
    private static byte[] mangled(String key, SplittableRandom random) {
        byte[] bytes = bytes(key);
        if (bytes.length == 0 || random.nextInt(3) == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(4)) {
            case 0 -> {
                bytes[at] = (byte) random.nextInt(256);
                yield bytes;
            }
            case 1 -> Arrays.copyOf(bytes, bytes.length - 1);
            case 2 -> bytes(key + (char) ('a' + random.nextInt(26)));
            default -> bytes(key.toUpperCase());
        };
    }

    private static final byte[] NOT_UTF8 = {'1', '.', (byte) 0xff};

    @SafeVarargs
    private static <T> T pick(SplittableRandom random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /**
     * A header as the consumer makes it: key and value within the fetch's bytes, with other bytes around (the key a
     * slice, as the client makes it, the value a window from a position, as a reader must take either); a
     * value of null is no value (no buffer), as a fetched header without one has.
     */
    private static Header fetched(byte[] key, byte @Nullable [] value) {
        int valueLength = value == null ? 0 : value.length;
        byte[] fetch = new byte[key.length + valueLength + 6];
        Arrays.fill(fetch, (byte) 'e');
        System.arraycopy(key, 0, fetch, 2, key.length);
        if (value != null) {
            System.arraycopy(value, 0, fetch, 4 + key.length, value.length);
        }
        return new RecordHeader(ByteBuffer.wrap(fetch, 2, key.length).slice(),
                value == null ? null : ByteBuffer.wrap(fetch, 4 + key.length, value.length)); // a window, not a slice
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, RecordHeaders headers, byte[] value) {
        return new ConsumerRecord<>(topic, 1, 7, 1_000L, TimestampType.CREATE_TIME, 4, value.length, bytes("jane"),
                value, headers, Optional.empty());
    }

    private static String describe(ReadRecord read) {
        if (read instanceof ReadRecord.Event e) {
            return "event " + e.event() + " " + e.event().id() + " " + e.event().time();
        }
        if (read instanceof ReadRecord.Bad bad) {
            return "unreadable " + bad.unreadable().reason() + " at " + bad.unreadable().position();
        }
        return "other " + read;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
