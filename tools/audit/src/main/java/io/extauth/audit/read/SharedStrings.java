package io.extauth.audit.read;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import io.extauth.messaging.cloudevents.FlatData;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields that repeat across a user's events (account, user, order, template, masked contacts, the
 * challenge message) as one shared string each: a million events hold a few hundred thousand distinct values, and
 * sharing them halves the heap the audit needs. Other strings are read as usual. The flat reader's strings are found
 * by their bytes first, in a table of each parsing thread's ({@link StringsByBytes}), and only a value that thread has
 * not read before is made a string and shared here; the instance kept is the shared one either way.
 */
final class SharedStrings extends StdScalarDeserializer<String> implements FlatData.Texts {

    private static final Set<String> SHARED_FIELDS = Set.of("accountId", "userId", "orderId", "template",
            "toMasked", "destinationMasked", "message", "activatedBy", "deactivatedBy", "by", "type", "email");
    private static final int MAX_SHARED = 2_000_000;

    private final Map<String, String> shared = new ConcurrentHashMap<>();
    private final ThreadLocal<StringsByBytes> byBytes = ThreadLocal.withInitial(() -> new StringsByBytes(MAX_SHARED));

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
    @Override
    public String keep(String component, String text) {
        return isShared(component) ? share(text) : text;
    }

    /**
     * The same for the printable ASCII text in {@code json[start, end)}: a shared field's value this thread has read
     * before is found by its bytes, no string made.
     */
    @Override
    public String keep(String component, byte[] json, int start, int end) {
        if (!isShared(component)) {
            return new String(json, start, end - start, StandardCharsets.ISO_8859_1);
        }
        StringsByBytes known = byBytes.get();
        int hash = StringsByBytes.hash(json, start, end);
        String found = known.find(json, start, end, hash);
        if (found != null) {
            return found;
        }
        String text = new String(json, start, end - start, StandardCharsets.ISO_8859_1);
        String kept = kept(text);
        if (kept == null) {
            return text; // past the bound: neither shared nor found by its bytes
        }
        known.add(kept, json, start, end, hash);
        return kept;
    }

    /** The one copy of {@code text} this reader keeps (up to a bound), or {@code text} itself. */
    String share(String text) {
        String kept = kept(text);
        return kept != null ? kept : text;
    }

    /** The one copy of {@code text} this reader keeps, null once the bound is reached and it is not among them. */
    private @Nullable String kept(String text) {
        String known = shared.get(text);
        if (known != null || shared.size() >= MAX_SHARED) {
            return known;
        }
        known = shared.putIfAbsent(text, text);
        return known == null ? text : known;
    }
}
