package io.extauth.localstack;

import io.extauth.contract.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One Kafka record as an integrator reads it: the CloudEvents attributes on one line, the event's data (JSON) on the
 * next. Binary mode (attributes in {@code ce_*} headers) and structured mode (an {@code application/cloudevents+json}
 * envelope) read alike; anything else is shown as it is, marked unreadable.
 */
final class CloudEventLine {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudEventLine() {
    }

    /** @param headers the record's headers, last value of each name */
    static String of(String topic, int partition, long offset, @Nullable String key, Map<String, byte[]> headers,
            byte @Nullable [] value) {
        String where = topic + "-" + partition + "@" + offset;
        String body = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        String contentType = header(headers, CloudEventHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith(CloudEventHeaders.STRUCTURED_JSON)) {
            try {
                JsonNode envelope = JSON.readTree(body);
                return line(envelope.path("time").asText(), envelope.path("type").asText(), where, key,
                        envelope.path("id").asText(), envelope.path("source").asText(), envelope.path("data").toString());
            } catch (JacksonException e) {
                return unreadable(where, key, body);
            }
        }
        String type = header(headers, CloudEventHeaders.TYPE);
        if (type == null) {
            return unreadable(where, key, body);
        }
        return line(String.valueOf(header(headers, CloudEventHeaders.TIME)), type, where, key,
                String.valueOf(header(headers, CloudEventHeaders.ID)),
                String.valueOf(header(headers, CloudEventHeaders.SOURCE)), body);
    }

    private static String line(String time, String type, String where, @Nullable String key, String id, String source,
            String data) {
        return shown(time) + "  " + shown(type) + "  " + where + "  key=" + shown(key) + "  id=" + shown(id)
                + "  source=" + shown(source) + System.lineSeparator() + "  " + shown(data);
    }

    private static String unreadable(String where, @Nullable String key, String body) {
        return "(not a CloudEvent)  " + where + "  key=" + shown(key) + System.lineSeparator() + "  " + shown(body);
    }

    /**
     * What a producer wrote, with every control and format character written as its escape ({@code \r}, {@code \n},
     * {@code \\u001b} for an escape, {@code \\u202e} for a right-to-left override): an escape sequence in a key or
     * header would otherwise drive the reader's terminal, a line break would forge a line of its own, and a direction
     * override would show the text reversed.
     */
    static String shown(@Nullable String text) {
        String value = String.valueOf(text);
        StringBuilder out = null;
        for (int i = 0; i < value.length(); ) {
            // by code point: a format character beyond the first plane (the tag characters U+E0000 to U+E007F, which
            // hide text in plain sight) is two chars, each of them a surrogate, not a format character
            int c = value.codePointAt(i);
            int next = i + Character.charCount(c);
            boolean escaped = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.SURROGATE;
            if (escaped) {
                if (out == null) {
                    out = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                out.append(c == '\r' ? "\\r" : c == '\n' ? "\\n"
                        : c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
            } else if (out != null) {
                out.appendCodePoint(c);
            }
            i = next;
        }
        return out == null ? value : out.toString();
    }

    private static @Nullable String header(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
