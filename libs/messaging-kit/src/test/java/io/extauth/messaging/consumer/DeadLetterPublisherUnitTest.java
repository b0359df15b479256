package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.messaging.cloudevents.UnreadableEventException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

class DeadLetterPublisherUnitTest {

    private static final UnreadableEventException UNREADABLE = new UnreadableEventException(
            "record value of 999000 bytes exceeds the limit of 262144");

    @Test
    void aDeadLetterThatFitsIsPublishedWholeWithSpringKafkasHeadersAsBefore() {
        SizeLimitedProducer producer = new SizeLimitedProducer(1_000_000);
        ConsumerRecord<String, byte[]> record = record("user-1", 100);

        DeadLetters.recoverer(new KafkaTemplate<>(() -> producer)).accept(record, null, UNREADABLE);

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<Object, Object> dead = producer.history().get(0);
        assertThat(dead.topic()).isEqualTo("auth.ordered-dlt");
        assertThat(dead.partition()).isEqualTo(2);
        assertThat(dead.key()).isEqualTo("user-1");
        assertThat(dead.value()).isSameAs(record.value());
        assertThat(text(dead, "kafka_dlt-exception-stacktrace")).contains("UnreadableEventException");
        assertThat(text(dead, DeadLetters.REASON_HEADER))
                .isEqualTo("UnreadableEventException: record value of 999000 bytes exceeds the limit of 262144");
    }

    @Test
    void aDeadLetterTooLargeToPublishWholeGoesWithoutItsValueAndStackTraceSayingWhereTheRecordIs() {
        SizeLimitedProducer producer = new SizeLimitedProducer(1_000_000);
        ConsumerRecord<String, byte[]> record = record("user-1", 999_000);

        DeadLetters.recoverer(new KafkaTemplate<>(() -> producer)).accept(record, null, UNREADABLE);

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<Object, Object> dead = producer.history().get(0);
        assertThat(dead.topic()).isEqualTo("auth.ordered-dlt");
        assertThat(dead.partition()).isEqualTo(2);
        assertThat(dead.key()).isEqualTo("user-1");
        assertThat(dead.value()).isNull();
        assertThat(text(dead, "ce_id")).isEqualTo("e-1");
        assertThat(text(dead, "kafka_dlt-original-topic")).isEqualTo("auth.ordered");
        assertThat(dead.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
        assertThat(text(dead, DeadLetters.REASON_HEADER)).matches("record too large to copy whole into its dead "
                + "letter \\(The message is \\d+ bytes when serialized, over 1000000\\): it is on auth\\.ordered "
                + "partition 2 offset 17 until the topic's retention \\(key 6 bytes, value 999000 bytes, headers 8 "
                + "bytes\\); this dead letter has no value, headers left out: kafka_dlt-exception-stacktrace; "
                + "dead-lettered because: UnreadableEventException: record value of 999000 bytes exceeds the limit "
                + "of 262144");
    }

    @Test
    void aReducedDeadLetterKeepsWhereTheOriginalIsWhenTheRecordsOwnHeadersWouldFillItsRoom() {
        RecordHeaders headers = new RecordHeaders();
        // CloudEvents headers that leave 10 of the 16 KiB a reduced dead letter keeps: less than any position header
        headers.add("ce_id", "e-1".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_subject", "x".repeat(16 * 1024 - 10 - "ce_id".length() - 3 - "ce_subject".length())
                .getBytes(StandardCharsets.UTF_8));

        ProducerRecord<Object, Object> dead = reducedDeadLetterOfARecordWith(headers);

        assertThat(dead.value()).isNull();
        assertThat(text(dead, "kafka_dlt-original-topic")).isEqualTo("auth.ordered");
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader("kafka_dlt-original-partition").value()).getInt())
                .isEqualTo(2);
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader("kafka_dlt-original-offset").value()).getLong())
                .isEqualTo(17);
        assertThat(dead.headers().lastHeader("kafka_dlt-original-timestamp")).isNotNull();
        assertThat(text(dead, DeadLetters.REASON_HEADER)).contains("headers left out: ce_subject");
    }

    @Test
    void aRecordsOwnHeaderOfSpringKafkasNamesIsNeverTakenForWhereTheOriginalIs() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("kafka_dlt-original-consumer-group", "forged-group".getBytes(StandardCharsets.UTF_8));
        headers.add("kafka_dlt-original-topic", "forged-topic".getBytes(StandardCharsets.UTF_8));

        // spring-kafka writes no consumer group for a failure it was not told the group of
        ProducerRecord<Object, Object> dead = reducedDeadLetterOfARecordWith(headers);

        assertThat(dead.value()).isNull();
        assertThat(text(dead, "kafka_dlt-original-topic")).isEqualTo("auth.ordered");
        assertThat(dead.headers().headers("kafka_dlt-original-topic")).hasSize(1);
        assertThat(dead.headers().lastHeader("kafka_dlt-original-consumer-group")).as("the record's own, not kept")
                .isNull();
    }

    @Test
    void aDeadLetterTheBrokerRefusesAsTooLargeIsPublishedReducedToo() {
        // a producer allowed larger records than the broker: the refusal comes later, through the send's future
        SizeLimitedProducer producer = new SizeLimitedProducer(1_000_000);
        producer.refusesAtTheBroker = true;

        DeadLetters.recoverer(new KafkaTemplate<>(() -> producer)).accept(record("user-1", 999_000), null, UNREADABLE);

        assertThat(producer.history()).hasSize(1);
        assertThat(producer.history().get(0).value()).isNull();
        assertThat(text(producer.history().get(0), DeadLetters.REASON_HEADER))
                .startsWith("record too large to copy whole into its dead letter");
    }

    @Test
    void aKeyOrHeadersOfHundredsOfKilobytesAreCutOrLeftOutOfTheReducedDeadLetterAndNamed() {
        SizeLimitedProducer producer = new SizeLimitedProducer(900_000);
        String hugeKey = "k".repeat(600_000);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("auth.ordered", 2, 17, 0L,
                TimestampType.CREATE_TIME, 600_000, 100, hugeKey, new byte[100], new RecordHeaders()
                        .add("x-huge", new byte[300_000]).add("ce_id", "e-1".getBytes(StandardCharsets.UTF_8)),
                Optional.empty());

        DeadLetters.recoverer(new KafkaTemplate<>(() -> producer)).accept(record, null, UNREADABLE);

        ProducerRecord<Object, Object> dead = producer.history().get(0);
        assertThat(dead.key()).isEqualTo("k".repeat(200) + "… (600000 characters)");
        assertThat(dead.headers().lastHeader("x-huge")).isNull();
        assertThat(text(dead, "ce_id")).isEqualTo("e-1");
        assertThat(text(dead, DeadLetters.REASON_HEADER))
                .contains("(key 600000 bytes, value 100 bytes, headers 300014 bytes)")
                .contains("this dead letter has no value, its key cut, headers left out: x-huge, "
                        + "kafka_dlt-exception-stacktrace; dead-lettered because: UnreadableEventException");
    }

    @Test
    void aRecordsOwnHeadersDoNotCrowdOutWhereTheOriginalIsFromTheReducedDeadLetter() {
        SizeLimitedProducer producer = new SizeLimitedProducer(900_000);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("auth.ordered", 2, 17, 0L,
                TimestampType.CREATE_TIME, 6, 999_000, "user-1", new byte[999_000], new RecordHeaders()
                        .add("x-nearly-all-the-room", new byte[16_300])
                        .add("ce_id", "e-1".getBytes(StandardCharsets.UTF_8)), Optional.empty());

        DeadLetters.recoverer(new KafkaTemplate<>(() -> producer)).accept(record, null, UNREADABLE);

        ProducerRecord<Object, Object> dead = producer.history().get(0);
        assertThat(text(dead, "kafka_dlt-original-topic")).isEqualTo("auth.ordered");
        assertThat(dead.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
        assertThat(dead.headers().lastHeader("kafka_dlt-original-partition")).isNotNull();
        assertThat(text(dead, "ce_id")).isEqualTo("e-1");
        assertThat(text(dead, DeadLetters.REASON_HEADER)).contains("headers left out: x-nearly-all-the-room");
    }

    @Test
    void aReducedDeadLetterRefusedTooIsThrownSoTheRecordIsRetriedNotDropped() {
        SizeLimitedProducer producer = new SizeLimitedProducer(100);

        assertThatThrownBy(() -> DeadLetters.recoverer(new KafkaTemplate<>(() -> producer))
                .accept(record("user-1", 999_000), null, UNREADABLE))
                .hasMessage("Dead-letter publication to auth.ordered-dlt failed for: auth.ordered-2@17");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aFailureOtherThanSizeIsThrownWithItsCauseAndNoReducedDeadLetter() {
        SizeLimitedProducer producer = new SizeLimitedProducer(1_000_000);
        producer.sendException = new TimeoutException("broker unreachable");

        assertThatThrownBy(() -> DeadLetters.recoverer(new KafkaTemplate<>(() -> producer))
                .accept(record("user-1", 100), null, UNREADABLE))
                .hasStackTraceContaining("broker unreachable");
        assertThat(producer.history()).isEmpty();
    }

    /** The dead letter of an unreadable record of auth.ordered, too large to copy whole, with these headers. */
    private static ProducerRecord<Object, Object> reducedDeadLetterOfARecordWith(RecordHeaders headers) {
        SizeLimitedProducer producer = new SizeLimitedProducer(1_000_000);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("auth.ordered", 2, 17, 0L,
                TimestampType.CREATE_TIME, 6, 999_000, "user-1", new byte[999_000], headers, Optional.empty());

        DeadLetters.recoverer(new KafkaTemplate<>(() -> producer)).accept(record, null, UNREADABLE);

        assertThat(producer.history()).hasSize(1);
        return producer.history().get(0);
    }

    private static ConsumerRecord<String, byte[]> record(String key, int valueBytes) {
        byte[] value = new byte[valueBytes];
        Arrays.fill(value, (byte) 'x');
        return new ConsumerRecord<>("auth.ordered", 2, 17, 0L, TimestampType.CREATE_TIME, key.length(), valueBytes,
                key, value, new RecordHeaders().add("ce_id", "e-1".getBytes(StandardCharsets.UTF_8)),
                Optional.empty());
    }

    private static String text(ProducerRecord<Object, Object> record, String header) {
        Header found = record.headers().lastHeader(header);
        assertThat(found).as(header).isNotNull();
        return new String(found.value(), StandardCharsets.UTF_8);
    }

    /**
     * Kafka's producer as far as size goes: a record larger than its limit is refused at once, through the callback
     * and a failed future, before anything is sent; or, as the broker refuses it, through the callback only.
     */
    private static final class SizeLimitedProducer extends MockProducer<Object, Object> {

        private final int maxBytes;
        boolean refusesAtTheBroker;

        SizeLimitedProducer(int maxBytes) {
            super(true, null, SizeLimitedProducer::bytes, SizeLimitedProducer::bytes);
            this.maxBytes = maxBytes;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<Object, Object> record, Callback callback) {
            int size = bytes(record.topic(), record.key()).length + bytes(record.topic(), record.value()).length;
            for (Header header : record.headers()) {
                size += header.key().length() + header.value().length;
            }
            if (size > maxBytes) {
                RecordTooLargeException refused = new RecordTooLargeException("The message is " + size
                        + " bytes when serialized, over " + maxBytes);
                callback.onCompletion(null, refused);
                return refusesAtTheBroker ? new CompletableFuture<>() : CompletableFuture.failedFuture(refused);
            }
            return super.send(record, callback);
        }

        /** The template closes its producer after each send: a factory's producer is shared, its close a no-op. */
        @Override
        public void close(Duration timeout) {
        }

        private static byte[] bytes(String topic, Object data) {
            return data == null ? new byte[0] : data instanceof byte[] raw ? raw
                    : data.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
