package io.extauth.messaging.consumer;

import io.extauth.messaging.cloudevents.Reasons;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The dead letter sent when the whole one is too large to publish: no value, no stack trace, its key and other
 * headers within bounds, and a reason that says where the original record is and how large it was. About 25 KB at
 * most (16 KiB of headers, a key and a reason of about 1,000 characters each), so it fits where the whole one did not;
 * the original, value and all, stays on its topic until the topic's retention.
 */
final class ReducedDeadLetter {

    /** A longer key is cut as a reason quotes a value; the contract's keys are user ids, far shorter. */
    private static final int KEPT_KEY_CHARACTERS = Reasons.MAX_CHARACTERS;

    /**
     * Header bytes kept, names and values: the CloudEvents attributes and spring-kafka's original position take a few
     * hundred, while a record's own headers may be what made it large.
     */
    private static final int KEPT_HEADER_BYTES = 16 * 1024;

    /** The prefix of {@link KafkaHeaders#DLT_ORIGINAL_TOPIC} and its siblings: where the original record is. */
    private static final String ORIGINAL_POSITION = "kafka_dlt-original-";

    /**
     * Where the original is, as spring-kafka writes it: kept before anything else, so that no header of the record's
     * own (its CloudEvents ones may fill the whole room) crowds it out; the AsyncAPI documents call them required.
     */
    private static final List<String> POSITION = List.of(KafkaHeaders.DLT_ORIGINAL_TOPIC,
            KafkaHeaders.DLT_ORIGINAL_PARTITION, KafkaHeaders.DLT_ORIGINAL_OFFSET, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
            KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);

    /** Larger than any of spring-kafka's position headers; one of that name this large is the record's own. */
    private static final int POSITION_HEADER_BYTES = 1024;

    /** Kilobytes each, repeating the exception messages the other headers carry. */
    private static final Set<String> STACK_TRACES = Set.of(KafkaHeaders.DLT_EXCEPTION_STACKTRACE,
            KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE);

    private ReducedDeadLetter() {
    }

    static ProducerRecord<Object, Object> of(ProducerRecord<Object, Object> whole, ConsumerRecord<?, ?> original,
            RecordTooLargeException refusal) {
        Headers kept = new RecordHeaders();
        List<String> left = new ArrayList<>();
        int room = KEPT_HEADER_BYTES;
        // spring-kafka appends its own after the record's, so where the dead letter has one more of a name than the
        // record had, the last is spring-kafka's (it writes the consumer group only when it knows it); any other of
        // that name is the record's own, left out, for a reader takes the last one
        List<Header> position = new ArrayList<>();
        for (String name : POSITION) {
            Header header = whole.headers().lastHeader(name);
            if (header != null && count(whole.headers(), name) > count(original.headers(), name)
                    && size(header) <= POSITION_HEADER_BYTES) {
                position.add(header);
                kept.add(header);
                room -= size(header);
            }
        }
        // then the headers that find the original and name the event, then the others while there is room: a
        // record's own headers may be what made it large, and must not crowd out where it is
        for (boolean locating : new boolean[] {true, false}) {
            for (Header header : whole.headers()) {
                if (header.key().equals(DeadLetters.REASON_HEADER) || locates(header) != locating
                        || position.contains(header)) {
                    continue;
                }
                if (POSITION.contains(header.key())) {
                    left.add(header.key());
                    continue;
                }
                if (STACK_TRACES.contains(header.key()) || size(header) > room) {
                    left.add(header.key());
                } else {
                    kept.add(header);
                    room -= size(header);
                }
            }
        }
        boolean keyCut = whole.key() instanceof String text && text.length() > KEPT_KEY_CHARACTERS;
        Object key = keyCut ? Reasons.echo((String) whole.key()) : whole.key();
        Header because = whole.headers().lastHeader(DeadLetters.REASON_HEADER);
        kept.add(DeadLetters.REASON_HEADER, reason(original, refusal, keyCut, left, because)
                .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(whole.topic(), whole.partition(), whole.timestamp(), key, null, kept);
    }

    /**
     * Where the original is comes first: it is what an operator needs to fetch the record before retention removes
     * it, and it stays whole when the bound every reason has cuts the tail of the reason it was dead-lettered for.
     */
    private static String reason(ConsumerRecord<?, ?> original, RecordTooLargeException refusal, boolean keyCut,
            List<String> headersLeft, @Nullable Header because) {
        String where = original.topic() + " partition " + original.partition() + " offset " + original.offset();
        String sizes = "key " + Math.max(0, original.serializedKeySize()) + " bytes, value "
                + Math.max(0, original.serializedValueSize()) + " bytes, headers " + headerBytes(original.headers())
                + " bytes";
        String cut = (keyCut ? ", its key cut" : "")
                + (headersLeft.isEmpty() ? "" : ", headers left out: " + Reasons.echo(String.join(", ", headersLeft)));
        String why = because == null ? "" : "; dead-lettered because: "
                + new String(because.value(), StandardCharsets.UTF_8);
        return Reasons.bounded("record too large to copy whole into its dead letter ("
                + Reasons.echo(refusal.getMessage()) + "): it is on " + where + " until the topic's retention ("
                + sizes + "); this dead letter has no value" + cut + why);
    }

    /** spring-kafka's {@code kafka_dlt-original-*} headers (topic, partition, offset, …) and the CloudEvents ones. */
    private static boolean locates(Header header) {
        return header.key().startsWith(ORIGINAL_POSITION) || header.key().startsWith("ce_");
    }

    private static int count(Headers headers, String name) {
        int count = 0;
        for (Header ignored : headers.headers(name)) {
            count++;
        }
        return count;
    }

    private static int headerBytes(Headers headers) {
        int bytes = 0;
        for (Header header : headers) {
            bytes += size(header);
        }
        return bytes;
    }

    private static int size(Header header) {
        return header.key().getBytes(StandardCharsets.UTF_8).length + (header.value() == null ? 0
                : header.value().length);
    }
}
