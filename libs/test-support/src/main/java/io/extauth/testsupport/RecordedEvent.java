package io.extauth.testsupport;

import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
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

    /** Whether the record carries an event of this contract type ({@code ce_type} is its name). */
    public boolean is(Class<? extends ExtauthEvent> type) {
        return type.getSimpleName().equals(type());
    }

    /** The record's data read into the contract's record, as a consumer of the topic reads it. */
    public <E extends ExtauthEvent> E as(Class<E> type) {
        if (!is(type)) {
            throw new IllegalStateException("The record at " + topic + "/" + partition + "@" + offset + " is a "
                    + type() + ", not a " + type.getSimpleName());
        }
        return ContractJson.mapper().treeToValue(data, type);
    }

    public String text(String field) {
        JsonNode node = data == null ? null : data.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
