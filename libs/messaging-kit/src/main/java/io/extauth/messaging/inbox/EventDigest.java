package io.extauth.messaging.inbox;

import io.extauth.contract.CloudEventHeaders;
import io.extauth.messaging.cloudevents.IncomingEvent;
import io.extauth.messaging.cloudevents.Reasons;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * What makes two deliveries of one {@code ce_id} the same event: the same type, source and data, byte for byte. The
 * inbox keeps each handled event's digest beside its id; a later record with that id and another digest is not a
 * redelivery but another event under an id already used (a producer whose ids restart, two producers with one id
 * scheme, a forged record meant to have a real one skipped), and is dead-lettered with {@link #reused}'s reason
 * instead of being skipped as handled, as it silently was before.
 */
public final class EventDigest {

    private static final byte[] SEPARATOR = {0};

    private EventDigest() {
    }

    /**
     * SHA-256 of the event's type, source and data: in binary mode the {@code ce_type} and {@code ce_source} headers
     * and the record's value as it came; in structured mode the envelope's {@code type}, {@code source} and
     * {@code data} (as read: its spacing aside), so that a resend with an envelope {@code time} of its own is the same
     * event there too. An event resent in the other mode is another event.
     */
    public static byte[] of(ConsumerRecord<String, byte[]> record, IncomingEvent event) {
        MessageDigest sha256 = sha256();
        if (!structured(record)) {
            update(sha256, record.headers().lastHeader(CloudEventHeaders.TYPE));
            sha256.update(SEPARATOR);
            update(sha256, record.headers().lastHeader(CloudEventHeaders.SOURCE));
            sha256.update(SEPARATOR);
            if (record.value() != null) {
                sha256.update(record.value());
            }
        } else {
            sha256.update(event.type().getBytes(StandardCharsets.UTF_8));
            sha256.update(SEPARATOR);
            sha256.update(event.source().getBytes(StandardCharsets.UTF_8));
            sha256.update(SEPARATOR);
            sha256.update(event.data().toString().getBytes(StandardCharsets.UTF_8));
        }
        return sha256.digest();
    }

    /**
     * Whether a delivery is the event handled before under its id. A row without a digest (recorded before digests
     * were kept, or by an instance that keeps none) is taken as the same event, as every duplicate id was before.
     */
    public static boolean sameEvent(byte @Nullable [] handled, byte @Nullable [] arriving) {
        return handled == null || arriving == null || Arrays.equals(handled, arriving);
    }

    /** The dead letter's reason for an id already used by another event. */
    public static String reused(String eventId, String consumer) {
        return "ce_id '" + Reasons.echo(eventId) + "' was already handled by " + consumer + " for an event with "
                + "another type, source or data: an id names one event; send a new event with an id of its own, and "
                + "a resent event byte for byte";
    }

    /** Structured mode as the codec tells it: by the content type, whatever {@code ce_*} headers come along. */
    private static boolean structured(ConsumerRecord<String, byte[]> record) {
        Header contentType = record.headers().lastHeader(CloudEventHeaders.CONTENT_TYPE);
        return contentType != null && contentType.value() != null
                && new String(contentType.value(), StandardCharsets.UTF_8).startsWith(CloudEventHeaders.STRUCTURED_JSON);
    }

    private static void update(MessageDigest sha256, @Nullable Header header) {
        if (header != null && header.value() != null) {
            sha256.update(header.value());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
