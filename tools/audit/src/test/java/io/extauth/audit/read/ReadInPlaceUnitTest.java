package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, seventh pass: the audit reads a record's key and value where the consumer fetched them (slices of the
 * fetch's bytes, no copy). A record read in place is read exactly as the same record with its own arrays: the same
 * event, or the same reason it is unreadable, or the same dead letter — with bytes around each slice that would change
 * the outcome if the reader started anywhere else or looked past its end.
 */
class ReadInPlaceUnitTest {

    private static final byte[] AFTER = "7,\"extra\":1} trailing".getBytes(StandardCharsets.US_ASCII);

    private final CloudEventReader reader = new CloudEventReader();

    @Test
    void everyEventAndEveryNearMissReadsInPlaceAsFromItsOwnArray() throws Exception {
        List<String[]> values = new ArrayList<>();
        for (ExtauthEvent event : RecordShapes.everyEvent()) {
            values.add(new String[] {event.eventType(), ContractJson.mapper().writeValueAsString(event)});
        }
        for (Map.Entry<String, String> nearMiss : RecordShapes.nearMisses().entrySet()) {
            String[] typeAndData = nearMiss.getValue().split("\\|", 2);
            values.add(typeAndData);
        }
        int events = 0;
        int unreadable = 0;
        for (String[] value : values) {
            String type = value[0];
            String topic = EventTypes.topicOf(type).orElse(Topics.AUTH_ORDERED);
            for (String on : List.of(topic, Topics.deadLetterOf(topic))) {
                byte[] data = value[1].getBytes(StandardCharsets.UTF_8);
                ConsumerRecord<byte[], byte[]> own = record(on, type, bytes("jane"), data);
                ConsumerRecord<ByteBuffer, ByteBuffer> inPlace = record(on, type, within(bytes("jane")), slice(data));

                String expected = describe(reader.read(own));
                assertThat(describe(reader.readInPlace(inPlace))).as(on + " " + value[1]).isEqualTo(expected);
                events += expected.startsWith("event") ? 1 : 0;
                unreadable += expected.startsWith("unreadable") ? 1 : 0;
            }
        }
        assertThat(events).isGreaterThan(20);
        assertThat(unreadable).isGreaterThan(10);
    }

    @Test
    void anEmptyValueOrNoneInPlaceIsARecordWithoutAValueAsBefore() {
        String type = "AuthActivated";
        ConsumerRecord<ByteBuffer, ByteBuffer> empty = record(Topics.AUTH_ACTIVATED, type, null, slice(new byte[0]));
        ConsumerRecord<ByteBuffer, ByteBuffer> none = record(Topics.AUTH_ACTIVATED, type, null, null);

        assertThat(describe(reader.readInPlace(empty))).startsWith("unreadable record has no value");
        assertThat(describe(reader.readInPlace(none))).startsWith("unreadable record has no value");
    }

    /**
     * Issue 14, thirty-eighth pass: the parsers look a topic's name up once per partition of a poll, not per record.
     * Every position read keeps the reader's one instance of the name, whichever instance the consumer gave.
     */
    @Test
    void everyRecordOfATopicKeepsTheReadersOneInstanceOfItsName() throws Exception {
        ExtauthEvent event = RecordShapes.everyEvent().get(0);
        String topic = EventTypes.topicOf(event);
        byte[] data = ContractJson.mapper().writeValueAsBytes(event);
        String first = new String(topic.toCharArray());
        String second = new String(topic.toCharArray());
        String third = new String(topic.toCharArray());

        ReadRecord byRecord = reader.readInPlace(record(first, event.eventType(), within(bytes("jane")), slice(data)));
        ReadRecord byPartition = reader.readInPlace(record(second, event.eventType(), within(bytes("jane")),
                slice(data)), reader.canonicalTopic(second));
        ReadRecord byArray = reader.read(record(third, event.eventType(), bytes("jane"), data));

        assertThat(reader.canonicalTopic(second)).isSameAs(first);
        for (ReadRecord read : List.of(byRecord, byPartition, byArray)) {
            assertThat(read).isInstanceOf(ReadRecord.Event.class);
            assertThat(((ReadRecord.Event) read).event().position().topic()).isSameAs(first);
        }
    }

    private static <T> ConsumerRecord<T, T> record(String topic, String type, @Nullable T key, @Nullable T value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes("0b7c3a56-1f2e-4d5c-9a8b-7c6d5e4f3a2b"));
        headers.add("ce_source", bytes("/test"));
        headers.add("ce_type", bytes(type));
        headers.add("ce_time", bytes("2025-03-01T08:00:00.5Z"));
        headers.add("content-type", bytes("application/json"));
        headers.add("kafka_dlt-original-partition", new byte[] {0, 0, 0, 2});
        headers.add("extauth-dlt-reason", bytes("poison"));
        return new ConsumerRecord<>(topic, 1, 7, 1_000L, TimestampType.CREATE_TIME, 4, 0, key, value, headers,
                Optional.empty());
    }

    /**
     * The bytes as a slice in the middle of a larger array, as a fetched record's are: after a copy of them with one
     * letter changed (a reader that started at the array's start would read another user) and before bytes that would
     * make a reader going on read something else.
     */
    private static ByteBuffer slice(byte[] bytes) {
        byte[] other = new String(bytes, StandardCharsets.UTF_8).replace("jane", "jana")
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[other.length + bytes.length + AFTER.length];
        System.arraycopy(other, 0, all, 0, other.length);
        System.arraycopy(bytes, 0, all, other.length, bytes.length);
        System.arraycopy(AFTER, 0, all, other.length + bytes.length, AFTER.length);
        return ByteBuffer.wrap(all, other.length, bytes.length).slice();
    }

    /** The same, as a window on the larger array (a position past its start, not a slice of its own). */
    private static ByteBuffer within(byte[] bytes) {
        ByteBuffer slice = slice(bytes);
        return ByteBuffer.wrap(slice.array(), slice.arrayOffset(), bytes.length);
    }

    private static String describe(ReadRecord read) {
        if (read instanceof ReadRecord.Event e) {
            return "event " + e.event();
        }
        if (read instanceof ReadRecord.Bad bad) {
            return "unreadable " + bad.unreadable().reason() + " at " + bad.unreadable().position();
        }
        if (read instanceof ReadRecord.Dead dead) {
            return "dead " + dead.deadLetter();
        }
        return "other " + read;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
