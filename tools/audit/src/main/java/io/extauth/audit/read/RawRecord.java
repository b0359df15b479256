package io.extauth.audit.read;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * One record of an uncompressed batch, read where the fetch response holds it (record format 2): its offset,
 * timestamp, key, value and headers as positions in the response's bytes, not as the client's objects (a
 * {@code ConsumerRecord} with a buffer for the key, the value and each header's key and value, ~1.5 KB a record that
 * the collector had to deal with; issue 14, fifty-third pass). A view: {@link RecordBatches} moves it from record to
 * record, so whoever is handed one reads it then and keeps nothing of it. Its buffers are windows on the response's
 * bytes, only read.
 */
public final class RawRecord {

    private final byte[] bytes;
    private final String topic;
    private final int partition;
    private long offset;
    private long timestamp;
    private int keyAt;
    private int keyLength;
    private int valueAt;
    private int valueLength;
    private int headersAt;
    private int headerCount;
    /** Where the next header starts, and the one read last: its key and value (a length of -1: no value). */
    private int headerCursor;
    private int headerKeyAt;
    private int headerKeyLength;
    private int headerValueAt;
    private int headerValueLength;
    /** Where {@link #moveTo} reads, and where the record's bytes end. */
    private int cursor;
    private int end;

    RawRecord(byte[] bytes, String topic, int partition) {
        this.bytes = bytes;
        this.topic = topic;
        this.partition = partition;
    }

    /**
     * Reads the record that starts at {@code at} (its length first) of a batch whose first offset and timestamp are
     * given ({@code logAppendTime}: the batch's time for every record, else null), and returns where the next one
     * starts. {@code limit} is where the batch ends: a record that claims to go past it is corrupt.
     */
    int moveTo(int at, int limit, long baseOffset, long baseTimestamp, @Nullable Long logAppendTime) {
        cursor = at;
        end = limit;
        int length = varint();
        int start = cursor;
        if (length < 0 || length > limit - start) {
            throw corrupt("a record's length " + length + " goes past its batch");
        }
        end = start + length;
        cursor++; // attributes: none are defined
        long timestampDelta = varlong();
        int offsetDelta = varint();
        offset = baseOffset + offsetDelta;
        timestamp = logAppendTime != null ? logAppendTime : baseTimestamp + timestampDelta;
        keyLength = varint();
        keyAt = cursor;
        skip(keyLength);
        valueLength = varint();
        valueAt = cursor;
        skip(valueLength);
        headerCount = varint();
        if (headerCount < 0) {
            throw corrupt("a record has " + headerCount + " headers");
        }
        headersAt = cursor;
        return end;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    /** The bytes the positions below are in. */
    byte[] bytes() {
        return bytes;
    }

    /** The value: a window on the response's bytes, null for none. */
    public @Nullable ByteBuffer value() {
        return valueLength < 0 ? null : ByteBuffer.wrap(bytes, valueAt, valueLength);
    }

    public @Nullable ByteBuffer key() {
        return keyLength < 0 ? null : ByteBuffer.wrap(bytes, keyAt, keyLength);
    }

    int headerCount() {
        return headerCount;
    }

    /** Back to before the first header; {@link #nextHeader} reads them in their order. */
    void startHeaders() {
        headerCursor = headersAt;
    }

    void nextHeader() {
        cursor = headerCursor;
        headerKeyLength = varint();
        if (headerKeyLength < 0) {
            throw corrupt("a header's key has the length " + headerKeyLength);
        }
        headerKeyAt = cursor;
        skip(headerKeyLength);
        headerValueLength = varint();
        headerValueAt = cursor;
        skip(headerValueLength);
        headerCursor = cursor;
    }

    int headerKeyAt() {
        return headerKeyAt;
    }

    int headerKeyLength() {
        return headerKeyLength;
    }

    /** The value of the header read last: a window on the response's bytes, null for none. */
    @Nullable ByteBuffer headerValue() {
        return headerValueLength < 0 ? null : ByteBuffer.wrap(bytes, headerValueAt, headerValueLength);
    }

    /** Every header as the client's objects, for a record read the slow way (a dead letter). */
    public Headers headers() {
        RecordHeaders headers = new RecordHeaders();
        startHeaders();
        for (int i = 0; i < headerCount; i++) {
            nextHeader();
            headers.add(new RecordHeader(ByteBuffer.wrap(bytes, headerKeyAt, headerKeyLength).slice(),
                    headerValueLength < 0 ? null : ByteBuffer.wrap(bytes, headerValueAt, headerValueLength).slice()));
        }
        return headers;
    }

    private void skip(int length) {
        if (length > end - cursor) {
            throw corrupt("a field of " + length + " bytes goes past its record");
        }
        cursor += Math.max(length, 0);
    }

    /** A zig-zag varint of at most 5 bytes, as the record format writes an int. */
    private int varint() {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (cursor >= end) {
                throw corrupt("a record ends inside a number");
            }
            byte b = bytes[cursor++];
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw corrupt("a number of more than 5 bytes");
    }

    /** A zig-zag varint of at most 10 bytes, as the record format writes a long. */
    private long varlong() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (cursor >= end) {
                throw corrupt("a record ends inside a number");
            }
            byte b = bytes[cursor++];
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw corrupt("a number of more than 10 bytes");
    }

    private CorruptRecordException corrupt(String what) {
        return new CorruptRecordException(topic + "-" + partition + ": " + what);
    }
}
