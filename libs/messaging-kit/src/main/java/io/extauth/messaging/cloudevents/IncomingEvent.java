package io.extauth.messaging.cloudevents;

import tools.jackson.databind.JsonNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A CloudEvent read from a record, in binary or structured mode, with where it was read. */
public record IncomingEvent(
        String id,
        String type,
        String source,
        @Nullable Instant time,
        @Nullable String subject,
        JsonNode data,
        String topic,
        int partition,
        long offset) {

    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
