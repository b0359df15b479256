package io.extauth.messaging.cloudevents;

import java.time.Instant;

/** An event as it leaves a service: its CloudEvents attributes and its {@code data} as JSON text. */
public record OutgoingEvent(String id, String type, String source, Instant time, String subject, String key,
        String data) {
}
