package io.extauth.audit.read;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.module.SimpleModule;
import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.rules.DeadLetter;
import io.extauth.audit.rules.Position;
import io.extauth.contract.CloudEventHeaders;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.Unlocked;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The reader as it was before issue 14's fourth pass (commit 6de60f0, header values decoded to strings), kept word for
 * word apart from its name: what {@link ReaderBeforeAndAfterUnitTest} compares the reader with.
 */
final class CloudEventReaderBefore {

    private static final SharedStrings STRINGS = new SharedStrings();
    private static final ObjectMapper JSON = ContractJson.mapper().rebuild().addModule(new SimpleModule()
            .addDeserializer(Instant.class, new FastInstantDeserializer())
            .addDeserializer(String.class, STRINGS)).build();
    private static final StreamingData STREAMING = new StreamingData(JSON, STRINGS);
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return JSON.readerFor(type);
        }
    };
    /** Headers spring-kafka's dead-letter recoverer adds, and the kit's reason header. */
    static final String DLT_ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String DLT_ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String DLT_ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    static final String DLT_EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    static final String DLT_REASON = "extauth-dlt-reason";

    private final Map<String, String> positionsTopics = new ConcurrentHashMap<>();

    public ReadRecord read(ConsumerRecord<byte[], byte[]> record) {
        Position position = new Position(canonical(record.topic()), record.partition(), record.offset());
        if (record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            return new ReadRecord.Dead(deadLetter(record, position));
        }
        try {
            return new ReadRecord.Event(event(record, position));
        } catch (NotAnEvent e) {
            return new ReadRecord.Bad(new Unreadable(position, e.getMessage()));
        }
    }

    private AuditEvent event(ConsumerRecord<byte[], byte[]> record, Position position) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new NotAnEvent("record has no value");
        }
        Headers headers = record.headers();
        String contentType = null;
        String specVersion = null;
        String id = null;
        String type = null;
        String time = null;
        for (Header header : headers) {
            switch (header.key()) {
                case CloudEventHeaders.CONTENT_TYPE -> contentType = text(header);
                case CloudEventHeaders.SPEC_VERSION -> specVersion = text(header);
                case CloudEventHeaders.ID -> id = text(header);
                case CloudEventHeaders.TYPE -> type = text(header);
                case CloudEventHeaders.TIME -> time = text(header);
                default -> {
                    // not needed
                }
            }
        }
        JsonNode dataTree = null;
        if (contentType != null && contentType.startsWith(CloudEventHeaders.STRUCTURED_JSON)) {
            JsonNode envelope = tree(value);
            requireSpecVersion(text(envelope, "specversion"));
            id = text(envelope, "id");
            type = text(envelope, "type");
            time = text(envelope, "time");
            dataTree = envelope.get("data");
            if (dataTree == null || !dataTree.isObject()) {
                throw new NotAnEvent("structured CloudEvent has no JSON object in 'data'");
            }
        } else {
            if (specVersion == null) {
                throw new NotAnEvent("neither a binary nor a structured CloudEvent (no ce_specversion header)");
            }
            requireSpecVersion(specVersion);
        }
        if (id == null || id.isBlank()) {
            throw new NotAnEvent("CloudEvent has no id");
        }
        if (type == null || type.isBlank()) {
            throw new NotAnEvent("CloudEvent has no type");
        }
        String typeName = type;
        Class<? extends ExtauthEvent> eventClass = EventTypes.classOf(typeName)
                .orElseThrow(() -> new NotAnEvent("unknown event type '" + typeName + "'"));
        ExtauthEvent data = data(value, dataTree, eventClass);
        String expectedTopic = EventTypes.topicOf(data);
        if (!expectedTopic.equals(record.topic())) {
            throw new NotAnEvent(type + " belongs on " + expectedTopic + ", not on " + record.topic());
        }
        requireFields(data);
        return new AuditEvent(position, id, time(time, record.timestamp()), data);
    }

    private static ExtauthEvent data(byte[] value, @Nullable JsonNode tree, Class<? extends ExtauthEvent> type) {
        try {
            if (tree != null) {
                return JSON.treeToValue(tree, type);
            }
            ExtauthEvent streamed = STREAMING.read(value, type);
            ExtauthEvent bound = streamed != null ? streamed : READERS.get(type).readValue(value);
            if (bound == null) {
                // the literal `null` binds to no record: unreadable, like any other data that is not an object
                throw new NotAnEvent("data is null, not a " + type.getSimpleName());
            }
            return bound;
        } catch (JacksonException e) {
            throw new NotAnEvent("data is not a " + type.getSimpleName() + ": " + firstLine(e));
        }
    }

    /** The fields the rules rely on; a record without them cannot be audited. */
    private static void requireFields(ExtauthEvent data) {
        require(data.accountId(), "accountId");
        require(data.userId(), "userId");
        if (data instanceof AuthOrdered e) {
            require(e.orderId(), "orderId");
        } else if (data instanceof Provisioned e) {
            require(e.orderId(), "orderId");
        } else if (data instanceof EmailSent e) {
            require(e.template(), "template");
        } else if (data instanceof Unlocked e) {
            require(e.by(), "by");
            require(e.at(), "at");
        } else if (data instanceof ChallengeIssued e) {
            require(e.challengeId(), "challengeId");
            require(e.expiresAt(), "expiresAt");
        } else if (data instanceof ChallengeResult e) {
            require(e.challengeId(), "challengeId");
            require(e.outcome(), "outcome");
        } else if (data instanceof OrderCancelled e) {
            require(e.orderId(), "orderId");
        } else if (data instanceof FraudReported e) {
            require(e.challengeId(), "challengeId");
        }
    }

    private static void require(@Nullable Object value, String field) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new NotAnEvent("data has no '" + field + "'");
        }
    }

    private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, Position position) {
        Headers headers = record.headers();
        String originalTopic = header(headers, DLT_ORIGINAL_TOPIC);
        if (originalTopic == null) {
            originalTopic = record.topic().substring(0, record.topic().length() - Topics.DEAD_LETTER_SUFFIX.length());
        }
        String id = header(headers, CloudEventHeaders.ID);
        String orderId = null;
        JsonNode value = tryTree(record.value());
        if (value != null) {
            String contentType = header(headers, CloudEventHeaders.CONTENT_TYPE);
            if (contentType != null && contentType.startsWith(CloudEventHeaders.STRUCTURED_JSON)) {
                id = id != null ? id : text(value, "id");
                value = value.path("data");
            }
            orderId = text(value, "orderId");
        }
        Integer partition = number(headers.lastHeader(DLT_ORIGINAL_PARTITION));
        Long offset = longNumber(headers.lastHeader(DLT_ORIGINAL_OFFSET));
        Position original = partition == null || offset == null ? null
                : new Position(canonical(originalTopic), partition, offset);
        String reason = header(headers, DLT_REASON);
        if (reason == null) {
            reason = header(headers, DLT_EXCEPTION_MESSAGE);
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new DeadLetter(position, canonical(originalTopic), id, key, orderId, original, reason);
    }

    private String canonical(String topic) {
        return positionsTopics.computeIfAbsent(topic, t -> t);
    }

    private static @Nullable Integer number(@Nullable Header header) {
        if (header == null || header.value() == null) {
            return null;
        }
        byte[] bytes = header.value();
        if (bytes.length == Integer.BYTES) {
            return ByteBuffer.wrap(bytes).getInt();
        }
        try {
            return Integer.valueOf(new String(bytes, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable Long longNumber(@Nullable Header header) {
        if (header == null || header.value() == null) {
            return null;
        }
        byte[] bytes = header.value();
        if (bytes.length == Long.BYTES) {
            return ByteBuffer.wrap(bytes).getLong();
        }
        try {
            return Long.valueOf(new String(bytes, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant time(@Nullable String value, long recordTimestamp) {
        if (value == null) {
            return Instant.ofEpochMilli(recordTimestamp);
        }
        try {
            return Rfc3339.parse(value);
        } catch (DateTimeParseException e) {
            throw new NotAnEvent("time '" + value + "' is not RFC 3339");
        }
    }

    private static void requireSpecVersion(@Nullable String specVersion) {
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new NotAnEvent("unsupported CloudEvents specversion '" + specVersion + "'");
        }
    }

    private static JsonNode tree(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (JacksonException e) {
            throw new NotAnEvent("value is not JSON: " + firstLine(e));
        }
    }

    private static @Nullable JsonNode tryTree(byte @Nullable [] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(value);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    private static @Nullable String header(Headers headers, String name) {
        return text(headers.lastHeader(name));
    }

    private static @Nullable String text(@Nullable Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String firstLine(JacksonException e) {
        String message = e.getOriginalMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    /** Why a record is not an event; caught within this class, never thrown out of it. */
    private static final class NotAnEvent extends RuntimeException {

        NotAnEvent(String message) {
            super(message, null, false, false);
        }
    }
}
