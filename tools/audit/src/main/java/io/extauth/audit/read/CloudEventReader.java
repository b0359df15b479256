package io.extauth.audit.read;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.module.SimpleModule;
import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.rules.DeadLetter;
import io.extauth.audit.rules.EventIds;
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
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.Unlocked;
import io.extauth.messaging.cloudevents.CloudEventCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads a record as the contract's CloudEvents binding writes it, binary or structured mode, into an event, a dead
 * letter, or the reason it is neither. Only what the audit needs is parsed; nothing throws. Safe to share between
 * threads.
 */
public final class CloudEventReader {

    private static final SharedStrings STRINGS = new SharedStrings();
    /**
     * The contract's JSON, bounded as the services' codec reads it ({@link CloudEventCodec#bounded()}: nesting, number
     * and string lengths): a record they refuse unread is unreadable here too, not audited as an event.
     */
    private static final ObjectMapper JSON = ContractJson.builder(CloudEventCodec.bounded().build())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES) // an int left out is none, not 0
            .addModule(new SimpleModule()
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

    private static final byte[] STRUCTURED_JSON = ascii(CloudEventHeaders.STRUCTURED_JSON);
    private static final byte[] SPEC_VERSION_1_0 = ascii(CloudEventHeaders.SPEC_VERSION_1_0);
    /** The contract's type names: a header that carries one is read as that very string, not a new one. */
    private static final KnownText KNOWN_TYPES = new KnownText(EventTypes.names());

    /**
     * The contract's event types by name, each with its class and topic: found with one lookup per record (issue 14,
     * thirty-eighth pass: {@link EventTypes#classOf}'s optionals and the error's lambda were made for every record).
     */
    private static final Map<String, ContractType> CONTRACT_TYPES = contractTypes();

    private final Map<String, String> positionsTopics = new ConcurrentHashMap<>();

    private record ContractType(Class<? extends ExtauthEvent> type, String topic) {
    }

    private static Map<String, ContractType> contractTypes() {
        Map<String, ContractType> types = new HashMap<>();
        for (String name : EventTypes.names()) {
            types.put(name, new ContractType(EventTypes.classOf(name).orElseThrow(),
                    EventTypes.topicOf(name).orElseThrow()));
        }
        return Map.copyOf(types);
    }

    public ReadRecord read(ConsumerRecord<byte[], byte[]> record) {
        return read(new Fetched(canonicalTopic(record.topic()), record.partition(), record.offset(),
                record.timestamp(), record.headers(), wrap(record.key()), wrap(record.value())));
    }

    /**
     * The same, for a record whose key and value are buffers where they were fetched or decompressed (the client's
     * decoding of a compressed batch, {@link RecordBatches}): the data is read in place (issue 14, seventh pass:
     * copying every value out of the fetch was ~a tenth of what the audit allocated). The buffers are only read,
     * never moved.
     */
    public ReadRecord readInPlace(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        return readInPlace(record, canonicalTopic(record.topic()));
    }

    /**
     * The same, for a record of {@code topic}: its name as {@link #canonicalTopic} gave it, looked up once for all the
     * records of a partition (issue 14, thirty-eighth pass: the lookup per record was ~6% of the parsers' CPU).
     */
    public ReadRecord readInPlace(ConsumerRecord<ByteBuffer, ByteBuffer> record, String topic) {
        return read(new Fetched(topic, record.partition(), record.offset(), record.timestamp(), record.headers(),
                record.key(), record.value()));
    }

    /**
     * The same, for a record read where the broker's fetch response holds it ({@link RecordBatches}: no client objects
     * made for it; issue 14, fifty-third pass). The record is a view that moves on to the next record once this
     * returns: nothing of it is kept. A dead letter, rare, is read from the client's objects made for it.
     */
    public ReadRecord readRaw(RawRecord record) {
        String topic = record.topic();
        if (topic.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            return read(new Fetched(topic, record.partition(), record.offset(), record.timestamp(), record.headers(),
                    record.key(), record.value()));
        }
        try {
            return new ReadRecord.Event(event(topic, record.partition(), record.offset(), record.timestamp(),
                    record.key(), record.value(), located(record)));
        } catch (NotAnEvent e) {
            return new ReadRecord.Bad(new Unreadable(new Position(topic, record.partition(), record.offset()),
                    e.getMessage()));
        }
    }

    /**
     * The one instance of a topic's name this reader keeps in the positions it reads (each fetch answer's partitions
     * come with their own).
     */
    public String canonicalTopic(String topic) {
        String known = positionsTopics.get(topic);
        return known != null ? known : positionsTopics.computeIfAbsent(topic, t -> t);
    }

    /** A consumed record: its topic the reader's instance of the name, key and value as buffers (remaining bytes). */
    private record Fetched(String topic, int partition, long offset, long timestamp, Headers headers,
            @Nullable ByteBuffer key, @Nullable ByteBuffer value) {
    }

    private ReadRecord read(Fetched record) {
        String topic = record.topic();
        if (record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            return new ReadRecord.Dead(deadLetter(record, new Position(topic, record.partition(), record.offset())));
        }
        try {
            return new ReadRecord.Event(event(record, topic));
        } catch (NotAnEvent e) {
            return new ReadRecord.Bad(new Unreadable(new Position(topic, record.partition(), record.offset()),
                    e.getMessage()));
        }
    }

    private AuditEvent event(Fetched record, String topic) {
        return event(topic, record.partition(), record.offset(), record.timestamp(), record.key(), record.value(),
                located(record.headers()));
    }

    /**
     * The CloudEvents headers the reader reads, each value where it was fetched (a buffer's remaining bytes, only
     * read), the type as a string; null for a header that is not there. A header given twice counts with its last
     * value, as {@link Headers#lastHeader} finds it.
     */
    private static final class Located {
        @Nullable ByteBuffer contentType;
        @Nullable ByteBuffer specVersion;
        @Nullable ByteBuffer id;
        @Nullable String type;
        @Nullable ByteBuffer time;
        @Nullable ByteBuffer source;

        void put(int key, @Nullable ByteBuffer value) {
            switch (key) {
                case HeaderKeys.CONTENT_TYPE -> contentType = value;
                case HeaderKeys.SPEC_VERSION -> specVersion = value;
                case HeaderKeys.ID -> id = value;
                case HeaderKeys.TYPE -> type = KNOWN_TYPES.text(value);
                case HeaderKeys.TIME -> time = value;
                case HeaderKeys.SOURCE -> source = value;
                default -> {
                    // not needed
                }
            }
        }
    }

    private static Located located(Headers headers) {
        // header values are compared as bytes where only a known value matters (specversion, content type, type),
        // and decoded only to be kept (id, time) or to say why a record is unreadable; each is read where it was
        // fetched (a buffer: its remaining bytes), not copied out of the record
        Located located = new Located();
        List<Header> list = HeaderKeys.list(headers);
        for (int i = 0; i < list.size(); i++) {
            Header header = list.get(i);
            int key = HeaderKeys.of(header); // the key compared where it was fetched, not decoded
            if (key != HeaderKeys.OTHER) {
                located.put(key, HeaderKeys.value(header));
            }
        }
        return located;
    }

    private static Located located(RawRecord record) {
        Located located = new Located();
        record.startHeaders();
        for (int i = 0; i < record.headerCount(); i++) {
            record.nextHeader();
            int key = HeaderKeys.of(record.bytes(), record.headerKeyAt(), record.headerKeyLength());
            if (key != HeaderKeys.OTHER) {
                located.put(key, record.headerValue());
            }
        }
        return located;
    }

    private AuditEvent event(String topic, int partition, long offset, long timestamp, @Nullable ByteBuffer key,
            @Nullable ByteBuffer value, Located headers) {
        if (value == null || !value.hasRemaining()) {
            throw new NotAnEvent("record has no value");
        }
        if (value.remaining() > CloudEventCodec.MAX_VALUE_BYTES) {
            // the services' limit and their reason: such a record is dead-lettered unread and changes nothing
            throw new NotAnEvent("record value of " + value.remaining() + " bytes exceeds the limit of "
                    + CloudEventCodec.MAX_VALUE_BYTES);
        }
        ByteBuffer contentType = headers.contentType;
        ByteBuffer specVersion = headers.specVersion;
        ByteBuffer idBytes = headers.id;
        String id = null;
        String type = headers.type;
        String time = null;
        ByteBuffer timeBytes = headers.time;
        JsonNode dataTree = null;
        boolean hasSource;
        if (contentType != null && startsWith(contentType, STRUCTURED_JSON)) {
            JsonNode envelope = tree(bytes(value));
            requireSpecVersion(text(envelope, "specversion"));
            idBytes = null;
            timeBytes = null;
            id = text(envelope, "id");
            type = text(envelope, "type");
            time = text(envelope, "time");
            String source = text(envelope, "source");
            hasSource = source != null && !source.isBlank();
            dataTree = envelope.get("data");
            if (dataTree == null || !dataTree.isObject()) {
                throw new NotAnEvent("structured CloudEvent has no JSON object in 'data'");
            }
        } else {
            if (specVersion == null) {
                throw new NotAnEvent("neither a binary nor a structured CloudEvent (no ce_specversion header)");
            }
            if (!equal(specVersion, SPEC_VERSION_1_0)) {
                requireSpecVersion(text(specVersion));
            }
            hasSource = headers.source != null && !isBlank(headers.source);
        }
        // an id of the UUID form the services write is kept as two longs, never decoded to a string
        boolean uuidId = idBytes != null && EventIds.isCanonicalUuid(idBytes.array(),
                idBytes.arrayOffset() + idBytes.position(), idBytes.remaining());
        if (idBytes != null && !uuidId) {
            id = text(idBytes);
        }
        if (!uuidId && (id == null || id.isBlank())) {
            throw new NotAnEvent("CloudEvent has no id");
        }
        if (!uuidId && hasControlCharacter(id)) {
            // as the services refuse it (the id goes into a mail's Message-ID there)
            throw new NotAnEvent("CloudEvent id has a control character");
        }
        if (type == null || type.isBlank()) {
            throw new NotAnEvent("CloudEvent has no type");
        }
        if (!hasSource) {
            // the services refuse it unread ("CloudEvent attribute 'ce_source' is missing"): it changes nothing there
            throw new NotAnEvent("CloudEvent has no source");
        }
        ContractType contractType = CONTRACT_TYPES.get(type);
        if (contractType == null) {
            throw new NotAnEvent("unknown event type '" + type + "'");
        }
        ExtauthEvent data = data(value, dataTree, contractType.type());
        String expectedTopic = contractType.topic();
        if (!expectedTopic.equals(topic)) {
            throw new NotAnEvent(type + " belongs on " + expectedTopic + ", not on " + topic);
        }
        requireFields(data);
        if (key != null && !sameText(key, data.userId())) {
            // the services dead-letter it with this reason and it changes nothing: audited, it would be an event of
            // a user it is not about (an Activated under another user's key, read as its data's user's)
            throw new NotAnEvent("record key '" + text(key) + "' is not the event's userId");
        }
        Instant at = timeBytes != null ? time(timeBytes) : time(time, timestamp);
        if (uuidId) {
            int idAt = idBytes.arrayOffset() + idBytes.position();
            return new AuditEvent(topic, partition, offset, EventIds.high(idBytes.array(), idAt),
                    EventIds.low(idBytes.array(), idAt), at, data);
        }
        return new AuditEvent(topic, partition, offset, id, at, data);
    }

    private static ExtauthEvent data(ByteBuffer value, @Nullable JsonNode tree, Class<? extends ExtauthEvent> type) {
        try {
            if (tree != null) {
                return JSON.treeToValue(tree, type);
            }
            ExtauthEvent flat = value.hasArray() ? STREAMING.readFlat(value.array(),
                    value.arrayOffset() + value.position(), value.remaining(), type) : null;
            if (flat != null) {
                return flat;
            }
            // not in the flat shape: copied out, and read as before (the streaming parser, else data binding)
            byte[] copy = bytes(value);
            ExtauthEvent streamed = STREAMING.readWithParser(copy, type);
            ExtauthEvent bound = streamed != null ? streamed : READERS.get(type).readValue(copy);
            if (bound == null) {
                // the literal `null` binds to no record: unreadable, like any other data that is not an object
                throw new NotAnEvent("data is null, not a " + type.getSimpleName());
            }
            return bound;
        } catch (MismatchedInputException e) {
            // a number (int) left out or null: the services dead-letter it as lacking the field (messaging-kit's
            // EventData), where Jackson would read 0
            List<JacksonException.Reference> path = e.getPath();
            String field = path.isEmpty() ? null : path.get(path.size() - 1).getPropertyName();
            // "Cannot map `null` into type `int`" (left out, null) or "Cannot coerce `null` to `int`" (an empty or
            // blank text, "null"): what Jackson reads as no value, not a value of another type ("one", true)
            String why = firstLine(e);
            if (field != null && e.getTargetType() == int.class
                    && (why.startsWith("Cannot map `null`") || why.startsWith("Cannot coerce `null`"))) {
                throw new NotAnEvent("data has no '" + field + "'");
            }
            throw new NotAnEvent("data is not a " + type.getSimpleName() + ": " + firstLine(e));
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
        } else if (data instanceof EmailWithdrawn e) {
            require(e.orderId(), "orderId");
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

    private DeadLetter deadLetter(Fetched record, Position position) {
        Headers headers = record.headers();
        String originalTopic = header(headers, DLT_ORIGINAL_TOPIC);
        if (originalTopic == null) {
            originalTopic = record.topic().substring(0, record.topic().length() - Topics.DEAD_LETTER_SUFFIX.length());
        }
        String id = header(headers, CloudEventHeaders.ID);
        String orderId = null;
        JsonNode value = record.value() == null ? null : tryTree(bytes(record.value()));
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
                : new Position(canonicalTopic(originalTopic), partition, offset);
        String reason = header(headers, DLT_REASON);
        if (reason == null) {
            reason = header(headers, DLT_EXCEPTION_MESSAGE);
        }
        String key = record.key() == null ? null : new String(bytes(record.key()), StandardCharsets.UTF_8);
        return new DeadLetter(position, canonicalTopic(originalTopic), id, key, orderId, original, reason);
    }

    private static @Nullable ByteBuffer wrap(byte @Nullable [] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    /** A copy of the buffer's remaining bytes; the buffer is left as it was. */
    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(buffer.position(), copy);
        return copy;
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

    /** A header's time, read from its bytes as {@link #time(String, long)} reads their text. */
    private static Instant time(ByteBuffer value) {
        try {
            return Rfc3339.parse(value.array(), value.arrayOffset() + value.position(), value.remaining());
        } catch (DateTimeParseException e) {
            throw new NotAnEvent("time '" + text(value) + "' is not RFC 3339");
        }
    }

    /** A header value's bytes decoded as {@code new String(value, UTF_8)} decodes them. */
    private static String text(ByteBuffer value) {
        return new String(value.array(), value.arrayOffset() + value.position(), value.remaining(),
                StandardCharsets.UTF_8);
    }

    /** Whether a header's value is empty or white space only, as the services' codec judges it. */
    private static boolean isBlank(ByteBuffer value) {
        if (value.hasRemaining()) {
            byte first = value.get(value.position());
            if (first > ' ' && first < 0x7F) {
                return false;
            }
        }
        return text(value).isBlank();
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a buffer's bytes are the text's UTF-8: compared in place when the text is ASCII, as ids are. */
    private static boolean sameText(ByteBuffer value, String text) {
        if (!value.hasArray()) {
            return text(value).equals(text);
        }
        int length = value.remaining();
        int from = value.arrayOffset() + value.position();
        byte[] bytes = value.array();
        if (length == text.length()) {
            boolean ascii = true;
            for (int i = 0; i < length && ascii; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                } else if (bytes[from + i] != c) {
                    return false;
                }
            }
            if (ascii) {
                return true;
            }
        }
        return text(value).equals(text);
    }

    private static boolean equal(ByteBuffer value, byte[] bytes) {
        int from = value.arrayOffset() + value.position();
        return Arrays.equals(value.array(), from, from + value.remaining(), bytes, 0, bytes.length);
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

    /**
     * What {@code new String(bytes, UTF_8).startsWith(prefix)} says for an ASCII prefix: in UTF-8 an ASCII character
     * is its own byte and no other sequence (nor a malformed one, which decodes to U+FFFD) yields one.
     */
    static boolean startsWith(byte[] bytes, byte[] asciiPrefix) {
        return startsWith(ByteBuffer.wrap(bytes), asciiPrefix);
    }

    /** The same for a buffer's remaining bytes. */
    static boolean startsWith(ByteBuffer bytes, byte[] asciiPrefix) {
        int from = bytes.arrayOffset() + bytes.position();
        return bytes.remaining() >= asciiPrefix.length
                && Arrays.equals(bytes.array(), from, from + asciiPrefix.length, asciiPrefix, 0, asciiPrefix.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A few known ASCII strings, found by their bytes: the one instance of each, anything else decoded as usual. */
    static final class KnownText {

        private final KnownBytes bytes;
        private final String[] texts;

        KnownText(Collection<String> known) {
            texts = known.toArray(String[]::new);
            bytes = new KnownBytes(Arrays.stream(texts).map(CloudEventReader::ascii).toList());
        }

        @Nullable String text(byte @Nullable [] value) {
            return value == null ? null : text(ByteBuffer.wrap(value));
        }

        /** The same for a buffer's remaining bytes. */
        @Nullable String text(@Nullable ByteBuffer value) {
            if (value == null) {
                return null;
            }
            int known = bytes.indexOf(value.array(), value.arrayOffset() + value.position(), value.remaining());
            return known >= 0 ? texts[known] : CloudEventReader.text(value);
        }
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
