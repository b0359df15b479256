package io.extauth.messaging.cloudevents;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.extauth.contract.CloudEventHeaders;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/** Maps events to and from Kafka records by the CloudEvents Kafka binding: writes binary mode, reads both modes. */
public final class CloudEventCodec {

    /** Records larger than this are refused unread: no event of the contract comes near it. */
    public static final int MAX_VALUE_BYTES = 256 * 1024;

    /** No event of the contract nests deeper than a list of reasons; deeper JSON is refused while it is parsed. */
    public static final int MAX_DEPTH = 16;

    private static final ObjectMapper JSON = boundedReader();
    private static final byte[] STRUCTURED_JSON = CloudEventHeaders.STRUCTURED_JSON.getBytes(StandardCharsets.UTF_8);
    private static final byte[] SPEC_VERSION_1_0 = CloudEventHeaders.SPEC_VERSION_1_0.getBytes(StandardCharsets.UTF_8);
    private static final String[] TYPE_NAMES = EventTypes.names().toArray(String[]::new);
    private static final byte[][] TYPE_BYTES = Arrays.stream(TYPE_NAMES)
            .map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    private CloudEventCodec() {
    }

    /** The binary-mode record of an event: attributes in {@code ce_*} headers, {@code data} as the value. */
    public static ProducerRecord<String, byte[]> toRecord(String topic, OutgoingEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, event.key(),
                event.data().getBytes(StandardCharsets.UTF_8));
        Headers headers = record.headers();
        put(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        put(headers, CloudEventHeaders.ID, event.id());
        put(headers, CloudEventHeaders.SOURCE, event.source());
        put(headers, CloudEventHeaders.TYPE, event.type());
        put(headers, CloudEventHeaders.TIME, event.time().toString());
        put(headers, CloudEventHeaders.SUBJECT, event.subject());
        put(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    /** Reads a record in binary or structured mode; anything else is an {@link UnreadableEventException}. */
    public static IncomingEvent read(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new UnreadableEventException("record has no value");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new UnreadableEventException("record value of " + value.length + " bytes exceeds the limit of "
                    + MAX_VALUE_BYTES);
        }
        String contentType = header(record.headers(), CloudEventHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith(CloudEventHeaders.STRUCTURED_JSON)) {
            return readStructured(record, parse(value));
        }
        return readBinary(record, parse(value));
    }

    /**
     * The event of a binary-mode record whose CloudEvent attributes are all as the contract wants them, its data not
     * parsed yet (it is when {@link IncomingEvent#data()} is asked for); null for any other record — structured mode,
     * no value or too large a value, a missing or malformed attribute — which {@link #read} then refuses with exactly
     * the reason it always gave. The value is not looked at: whether it is JSON is for the caller to find out.
     */
    public static @Nullable IncomingEvent readAttributesOrNull(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length == 0 || value.length > MAX_VALUE_BYTES) {
            return null;
        }
        Headers headers = record.headers();
        if (startsWith(headers.lastHeader(CloudEventHeaders.CONTENT_TYPE), STRUCTURED_JSON)
                || !isExactly(headers.lastHeader(CloudEventHeaders.SPEC_VERSION), SPEC_VERSION_1_0)) {
            return null;
        }
        String id = header(headers, CloudEventHeaders.ID);
        String type = typeOf(headers.lastHeader(CloudEventHeaders.TYPE));
        byte[] source = valueOf(headers.lastHeader(CloudEventHeaders.SOURCE));
        if (id == null || id.isBlank() || hasControlCharacter(id) || type == null || type.isBlank() || source == null || isBlank(source)) {
            return null;
        }
        String time = header(headers, CloudEventHeaders.TIME);
        Instant at = null;
        if (time != null) {
            at = CloudEventTime.utcOrNull(time);
            if (at == null) {
                try {
                    at = Instant.parse(time);
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return new IncomingEvent(id, type, source, at, valueOf(headers.lastHeader(CloudEventHeaders.SUBJECT)),
                value, record.topic(), record.partition(), record.offset());
    }

    private static IncomingEvent readBinary(ConsumerRecord<String, byte[]> record, JsonNode data) {
        Headers headers = record.headers();
        String specVersion = header(headers, CloudEventHeaders.SPEC_VERSION);
        if (specVersion == null) {
            throw new UnreadableEventException("no ce_specversion header: neither binary nor structured CloudEvent");
        }
        requireSpecVersion(specVersion);
        return event(record, id(header(headers, CloudEventHeaders.ID), "ce_id"),
                required(header(headers, CloudEventHeaders.TYPE), "ce_type"),
                required(header(headers, CloudEventHeaders.SOURCE), "ce_source"),
                time(header(headers, CloudEventHeaders.TIME)), header(headers, CloudEventHeaders.SUBJECT), data);
    }

    private static IncomingEvent readStructured(ConsumerRecord<String, byte[]> record, JsonNode envelope) {
        requireSpecVersion(text(envelope, "specversion"));
        JsonNode data = envelope.get("data");
        if (data == null || !data.isObject()) {
            throw new UnreadableEventException("structured CloudEvent has no JSON object in 'data'");
        }
        return event(record, id(text(envelope, "id"), "id"), required(text(envelope, "type"), "type"),
                required(text(envelope, "source"), "source"), time(text(envelope, "time")), text(envelope, "subject"),
                data);
    }

    private static IncomingEvent event(ConsumerRecord<String, byte[]> record, String id, String type, String source,
            @Nullable Instant time, @Nullable String subject, JsonNode data) {
        if (!data.isObject()) {
            throw new UnreadableEventException("event data is not a JSON object");
        }
        return new IncomingEvent(id, type, source, time, subject, data, record.topic(), record.partition(),
                record.offset());
    }

    static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (JacksonException e) {
            throw new UnreadableEventException("record value is not JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** The contract's JSON, with parsing bounded like the record: no string, number or nesting beyond need. */
    private static ObjectMapper boundedReader() {
        return ContractJson.builder(bounded().build()).build();
    }

    /** The factory of {@link #read}'s parser: what it refuses, every reader of event data must refuse. */
    public static JsonFactoryBuilder bounded() {
        return JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(MAX_VALUE_BYTES)
                .maxStringLength(MAX_VALUE_BYTES)
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(64)
                .build());
    }

    private static void requireSpecVersion(@Nullable String specVersion) {
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new UnreadableEventException("unsupported CloudEvents specversion '" + Reasons.echo(specVersion)
                    + "'");
        }
    }

    private static @Nullable Instant time(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return CloudEventTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new UnreadableEventException("time '" + Reasons.echo(value) + "' is not RFC 3339", e);
        }
    }

    private static String required(@Nullable String value, String attribute) {
        if (value == null || value.isBlank()) {
            throw new UnreadableEventException("CloudEvent attribute '" + attribute + "' is missing");
        }
        return value;
    }

    /**
     * The event's id, which goes where text of one line is expected: a mail's Message-ID, a log line, a dead letter's
     * reason. One with a control character (a line break) is refused, as a missing one is.
     */
    private static String id(@Nullable String value, String attribute) {
        if (hasControlCharacter(required(value, attribute))) {
            throw new UnreadableEventException("CloudEvent attribute '" + attribute + "' has a control character");
        }
        return value;
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static @Nullable String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The event type a {@code ce_type} header names: the contract's own String when it is one of the contract's
     * names (no decoding, and its hash is known for the lookups that follow), else the header decoded.
     */
    private static @Nullable String typeOf(@Nullable Header header) {
        byte[] value = valueOf(header);
        if (value == null) {
            return null;
        }
        for (int i = 0; i < TYPE_NAMES.length; i++) {
            if (Arrays.equals(value, TYPE_BYTES[i])) {
                return TYPE_NAMES[i];
            }
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static byte @Nullable [] valueOf(@Nullable Header header) {
        return header == null ? null : header.value();
    }

    /** {@code String.isBlank} of the value's UTF-8, decoding it only when it does not start with a visible ASCII. */
    private static boolean isBlank(byte[] value) {
        if (value.length > 0 && value[0] > ' ' && value[0] < 0x7F) {
            return false;
        }
        return new String(value, StandardCharsets.UTF_8).isBlank();
    }

    /**
     * Whether the header's value, read as UTF-8, starts with {@code prefix} (ASCII), without making a String of it:
     * a malformed byte sequence decodes to U+FFFD, never to ASCII, so comparing bytes answers the same.
     */
    private static boolean startsWith(@Nullable Header header, byte[] prefix) {
        byte[] value = header == null ? null : header.value();
        return value != null && value.length >= prefix.length
                && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean isExactly(@Nullable Header header, byte[] expected) {
        byte[] value = header == null ? null : header.value();
        return value != null && Arrays.equals(value, expected);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
