package io.extauth.audit.read;

import io.extauth.contract.CloudEventHeaders;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Which of the CloudEvents headers the audit reads a header is, found by the key's bytes where they were fetched, and
 * its value there too: a record's raw header bytes ({@link #of(byte[], int, int)}, the read's own path since the
 * fifty-third pass), or the client's header objects (records the client decoded: compressed batches, dead letters). Kafka's {@link Header#key()} decodes every key of every record into a new string
 * (seven a record, ~5% of the audit's CPU; issue 14, eighth pass) and {@link Header#value()} copies each value under a
 * lock; the client offers no other way to the bytes than the private fields of its {@link RecordHeader}, read here
 * through {@link VarHandle}s. Where a field is not there (another client version: {@link #inPlace()} says so, and a
 * test fails) or already used, the key is compared as text and the value copied, as before: an ASCII key's bytes equal
 * the known key's exactly when its UTF-8 text does (a malformed byte decodes to U+FFFD), so the answer is the same
 * either way.
 */
final class HeaderKeys {

    static final int OTHER = 0;
    static final int CONTENT_TYPE = 1;
    static final int SPEC_VERSION = 2;
    static final int ID = 3;
    static final int TYPE = 4;
    static final int TIME = 5;
    static final int SOURCE = 6;

    /** The keys by their number above, less one (there is no key for {@link #OTHER}). */
    private static final KnownBytes KEYS = new KnownBytes(List.of(ascii(CloudEventHeaders.CONTENT_TYPE),
            ascii(CloudEventHeaders.SPEC_VERSION), ascii(CloudEventHeaders.ID), ascii(CloudEventHeaders.TYPE),
            ascii(CloudEventHeaders.TIME), ascii(CloudEventHeaders.SOURCE)));
    private static final @Nullable VarHandle KEY_BUFFER = field(RecordHeader.class, "keyBuffer", ByteBuffer.class);
    private static final @Nullable VarHandle VALUE_BUFFER = field(RecordHeader.class, "valueBuffer", ByteBuffer.class);
    private static final @Nullable VarHandle HEADER_LIST = field(RecordHeaders.class, "headers", List.class);

    private HeaderKeys() {
    }

    /**
     * Whether keys and values are read in place and a record's headers taken from their list (the client's headers
     * have the fields this reads).
     */
    static boolean inPlace() {
        return KEY_BUFFER != null && VALUE_BUFFER != null && HEADER_LIST != null;
    }

    /**
     * A record's headers in their order: the client's own list where it keeps one (its {@link Headers#iterator()}
     * wraps the list's iterator in another, two objects and two calls a header more for every record: ~5% of the
     * parsers' CPU; issue 14, fifty-third pass), else a copy. Only read, never changed.
     */
    @SuppressWarnings("unchecked")
    static List<Header> list(Headers headers) {
        if (HEADER_LIST != null && headers instanceof RecordHeaders) {
            Object list = HEADER_LIST.get((RecordHeaders) headers);
            if (list instanceof List<?>) {
                return (List<Header>) list;
            }
        }
        return Arrays.asList(headers.toArray());
    }

    /**
     * The header's value as a buffer whose remaining bytes are the value: where it was fetched when the client still
     * holds it there ({@link Header#value()} copies it, under a lock), else the value's array; null for no value. The
     * buffer is only read, never moved.
     */
    static @Nullable ByteBuffer value(Header header) {
        ByteBuffer value = VALUE_BUFFER != null && header instanceof RecordHeader
                ? (ByteBuffer) VALUE_BUFFER.get((RecordHeader) header) : null;
        if (value != null && value.hasArray()) {
            return value;
        }
        byte[] copy = header.value();
        return copy == null ? null : ByteBuffer.wrap(copy);
    }

    /** The number of the header's key, {@link #OTHER} for any key the audit does not read. */
    static int of(Header header) {
        ByteBuffer key = KEY_BUFFER != null && header instanceof RecordHeader
                ? (ByteBuffer) KEY_BUFFER.get((RecordHeader) header) : null;
        if (key == null || !key.hasArray()) {
            return of(header.key());
        }
        return of(key.array(), key.arrayOffset() + key.position(), key.remaining());
    }

    /** The number of the key that is {@code bytes[from, from + length)}, {@link #OTHER} for any the audit does not read. */
    static int of(byte[] bytes, int from, int length) {
        return KEYS.indexOf(bytes, from, length) + 1; // none (-1) is OTHER
    }

    /** The number of a key given as text. */
    static int of(@Nullable String key) {
        if (key == null) {
            return OTHER;
        }
        return switch (key) {
            case CloudEventHeaders.CONTENT_TYPE -> CONTENT_TYPE;
            case CloudEventHeaders.SPEC_VERSION -> SPEC_VERSION;
            case CloudEventHeaders.ID -> ID;
            case CloudEventHeaders.TYPE -> TYPE;
            case CloudEventHeaders.TIME -> TIME;
            case CloudEventHeaders.SOURCE -> SOURCE;
            default -> OTHER;
        };
    }

    private static @Nullable VarHandle field(Class<?> owner, String name, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
