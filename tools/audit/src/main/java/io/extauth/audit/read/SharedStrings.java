package io.extauth.audit.read;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields that repeat across a user's events (account, user, order, template, masked contacts, the
 * challenge message) as one shared string each: a million events hold a few hundred thousand distinct values, and
 * sharing them halves the heap the audit needs. Other strings are read as usual.
 */
final class SharedStrings extends StdScalarDeserializer<String> {

    private static final Set<String> SHARED_FIELDS = Set.of("accountId", "userId", "orderId", "template",
            "toMasked", "destinationMasked", "message", "activatedBy", "deactivatedBy", "by", "type", "email");
    private static final int MAX_SHARED = 2_000_000;

    private final Map<String, String> shared = new ConcurrentHashMap<>();

    SharedStrings() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return StringDeserializer.instance.deserialize(parser, context);
        }
        String text = parser.getString();
        return isShared(parser.currentName()) ? share(text) : text;
    }

    static boolean isShared(@Nullable String field) {
        return field != null && SHARED_FIELDS.contains(field);
    }

    /** What the flat reader keeps of a string read for {@code component}: shared where that field is shared. */
    String keep(String component, String text) {
        return isShared(component) ? share(text) : text;
    }

    /** The one copy of {@code text} this reader keeps (up to a bound), or {@code text} itself. */
    String share(String text) {
        String known = shared.get(text);
        if (known != null) {
            return known;
        }
        if (shared.size() < MAX_SHARED) {
            known = shared.putIfAbsent(text, text);
        }
        return known == null ? text : known;
    }
}
