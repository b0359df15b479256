package io.extauth.challenge.vendor.adapter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * A request body serialised before it reaches the HTTP client. Spring's clients log a body's {@code toString} at
 * DEBUG (a byte array's says only {@code [B@...}); a code, PIN, text or phone number must never be logged, so the client
 * gets bytes it can only write.
 */
public final class JsonBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBody() {
    }

    /** The JSON bytes of {@code fields}; hand them to the client with content type application/json. */
    public static byte[] of(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("a vendor request body of plain fields is always JSON", e);
        }
    }
}
