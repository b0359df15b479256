package io.extauth.audit.read;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Event times in data ({@code provisionedAt}, {@code lockedUntil}...) read with {@link Rfc3339}. */
final class FastInstantDeserializer extends StdScalarDeserializer<Instant> {

    FastInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return (Instant) context.handleUnexpectedToken(Instant.class, parser);
        }
        String text = parser.getString().trim();
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeParseException e) {
            return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an RFC 3339 time");
        }
    }
}
