package io.extauth.audit.read;

import io.extauth.contract.CloudEventHeaders;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * Which of the CloudEvents headers the audit reads a header is, found by the key's bytes where the consumer fetched
 * them, and its value there too. Kafka's {@link Header#key()} decodes every key of every record into a new string
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

    /** The keys by their number above. */
    private static final byte[][] KEYS = {new byte[0], ascii(CloudEventHeaders.CONTENT_TYPE),
        ascii(CloudEventHeaders.SPEC_VERSION), ascii(CloudEventHeaders.ID), ascii(CloudEventHeaders.TYPE),
        ascii(CloudEventHeaders.TIME)};
    private static final @Nullable VarHandle KEY_BUFFER = field("keyBuffer");
    private static final @Nullable VarHandle VALUE_BUFFER = field("valueBuffer");

    private HeaderKeys() {
    }

    /** Whether keys and values are read in place (the client's header has the fields this reads). */
    static boolean inPlace() {
        return KEY_BUFFER != null && VALUE_BUFFER != null;
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
        int from = key.arrayOffset() + key.position();
        int length = key.remaining();
        for (int i = 1; i < KEYS.length; i++) {
            // the length first: most keys differ in it, and a call that compares ranges checks them both first
            if (KEYS[i].length == length && Arrays.equals(KEYS[i], 0, length, key.array(), from, from + length)) {
                return i;
            }
        }
        return OTHER;
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
            default -> OTHER;
        };
    }

    private static @Nullable VarHandle field(String name) {
        try {
            return MethodHandles.privateLookupIn(RecordHeader.class, MethodHandles.lookup())
                    .findVarHandle(RecordHeader.class, name, ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
