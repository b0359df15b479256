package io.extauth.messaging.cloudevents;

import tools.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A CloudEvent read from a record, in binary or structured mode, with where it was read. Its {@link #data()} is parsed
 * only when someone asks: a record read straight into its contract record needs no tree unless its handling fails
 * (issue 14).
 */
public final class IncomingEvent {

    private final String id;
    private final String type;
    private @Nullable String source;
    private final @Nullable Instant time;
    private @Nullable String subject;
    /** Source and subject as their headers hold them, decoded when first asked for: nothing on the way reads them. */
    private byte @Nullable [] rawSource;
    private byte @Nullable [] rawSubject;
    private final String topic;
    private final int partition;
    private final long offset;
    private byte @Nullable [] value;
    private @Nullable JsonNode data;

    public IncomingEvent(String id, String type, String source, @Nullable Instant time, @Nullable String subject,
            JsonNode data, String topic, int partition, long offset) {
        this(id, type, source, time, subject, topic, partition, offset);
        this.data = data;
    }

    /**
     * An event of a binary-mode record whose value, a JSON object, is parsed when first asked for, as are the
     * source and subject headers' UTF-8.
     */
    IncomingEvent(String id, String type, byte[] source, @Nullable Instant time, byte @Nullable [] subject,
            byte[] value, String topic, int partition, long offset) {
        this(id, type, null, time, null, topic, partition, offset);
        this.rawSource = source;
        this.rawSubject = subject;
        this.value = value;
    }

    private IncomingEvent(String id, String type, @Nullable String source, @Nullable Instant time,
            @Nullable String subject,
            String topic, int partition, long offset) {
        this.id = id;
        this.type = type;
        this.source = source;
        this.time = time;
        this.subject = subject;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String source() {
        if (rawSource != null) {
            source = new String(rawSource, StandardCharsets.UTF_8);
            rawSource = null;
        }
        return Objects.requireNonNull(source);
    }

    public @Nullable Instant time() {
        return time;
    }

    public @Nullable String subject() {
        if (rawSubject != null) {
            subject = new String(rawSubject, StandardCharsets.UTF_8);
            rawSubject = null;
        }
        return subject;
    }

    /** The event's {@code data}, a JSON object. */
    public JsonNode data() {
        JsonNode parsed = data;
        if (parsed == null) {
            parsed = CloudEventCodec.parse(Objects.requireNonNull(value));
            data = parsed;
            value = null;
        }
        return parsed;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    @Override
    public String toString() {
        return "IncomingEvent[" + type + " " + id + " from " + source() + " at " + position() + "]";
    }
}
