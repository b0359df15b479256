package io.extauth.messaging.consumer;

import tools.jackson.databind.JsonNode;
import io.extauth.messaging.cloudevents.IncomingEvent;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Failures no retry can mend because of what the record says: PostgreSQL refuses the NUL character in text and JSON
 * ({@code 22021} "invalid byte sequence for encoding UTF8: 0x00", {@code 22P05} "unsupported Unicode escape
 * sequence"), and a value too large for an index or a column ({@code 54000} "index row size … exceeds … maximum", as
 * an id of thousands of characters meets a key or an index; {@code 22001} "value too long"). Retrying such a record
 * only holds its consumer's partitions for the whole back-off (~35 s) before the dead letter.
 */
final class UnstorableText {

    private static final Set<String> CHARACTER_NOT_STORABLE = Set.of("22021", "22P05");
    private static final Set<String> VALUE_TOO_LARGE = Set.of("54000", "22001");

    private UnstorableText() {
    }

    /** Why the failure of this event is the record's fault, or null when a retry may well succeed. */
    static @Nullable String reasonOrNull(IncomingEvent event, Throwable failure) {
        String state = sqlState(failure);
        if (CHARACTER_NOT_STORABLE.contains(state)) {
            return "the database cannot store a character of this event (SQLState of " + state + ")";
        }
        if (VALUE_TOO_LARGE.contains(state)) {
            return "a value of this event is too large for the database to store or index (SQLState " + state + ")";
        }
        if (hasNul(event.id()) || hasNul(event.subject()) || hasNul(event.data())) {
            return "the event's text contains a NUL character, which cannot be stored";
        }
        return null;
    }

    private static String sqlState(Throwable failure) {
        for (@Nullable Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    private static boolean hasNul(@Nullable String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    static boolean hasNul(JsonNode node) {
        if (node.isTextual()) {
            return hasNul(node.textValue());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (hasNul(field.getKey()) || hasNul(field.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
