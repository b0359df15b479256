package io.extauth.testsupport;

import tools.jackson.databind.JsonNode;
import java.util.Map;

/** A record seen on a topic: its CloudEvents headers (or null), key, value as JSON (or null), and position. */
public record RecordedEvent(String topic, int partition, long offset, String key, Map<String, String> headers,
        String value, JsonNode data) {

    public String type() {
        return headers.get("ce_type");
    }

    public String id() {
        return headers.get("ce_id");
    }

    public String text(String field) {
        JsonNode node = data == null ? null : data.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
