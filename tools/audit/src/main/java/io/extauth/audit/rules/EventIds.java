package io.extauth.audit.rules;

import java.util.Arrays;

/**
 * Event ids of the canonical UUID form the services write ({@code UUID.randomUUID().toString()}: 36 characters,
 * lower-case hex, dashes at 8, 13, 18 and 23) as the two longs of the UUID: {@code new UUID(high, low).toString()}
 * gives that very text back, so nothing is lost. Any other text (upper case, another length, another form) is kept as
 * it is, never read as a UUID: two ids are equal exactly when their texts are.
 */
public final class EventIds {

    private static final int LENGTH = 36;
    /**
     * Each byte's value as a lower-case hex digit, -1 for any other: a look-up instead of two ranges per character
     * (the reader checks and reads every event's id; issue 14, eighth pass).
     */
    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
        }
    }

    private EventIds() {
    }

    public static boolean isCanonicalUuid(String id) {
        if (id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23 ? c != '-' : hex(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code id} (UTF-8 bytes) is a canonical lower-case UUID. */
    public static boolean isCanonicalUuid(byte[] id) {
        return isCanonicalUuid(id, 0, id.length);
    }

    /** The same for the bytes {@code id[offset, offset + length)} (a header's value where it was fetched). */
    public static boolean isCanonicalUuid(byte[] id, int offset, int length) {
        if (length != LENGTH || id[offset + 8] != '-' || id[offset + 13] != '-' || id[offset + 18] != '-'
                || id[offset + 23] != '-') {
            return false;
        }
        int any = 0;
        for (int i = 0; i < LENGTH; i++) {
            if (i != 8 && i != 13 && i != 18 && i != 23) {
                any |= HEX[id[offset + i] & 0xFF];
            }
        }
        return any >= 0;
    }

    /** The most significant half of a canonical UUID's text. */
    public static long high(String id) {
        return bits(id, 0, 8) << 32 | bits(id, 9, 4) << 16 | bits(id, 14, 4);
    }

    /** The least significant half of a canonical UUID's text. */
    public static long low(String id) {
        return bits(id, 19, 4) << 48 | bits(id, 24, 12);
    }

    public static long high(byte[] id) {
        return high(id, 0);
    }

    public static long low(byte[] id) {
        return low(id, 0);
    }

    /** The most significant half of the canonical UUID at {@code id[offset]}. */
    public static long high(byte[] id, int offset) {
        return bits(id, offset, 8) << 32 | bits(id, offset + 9, 4) << 16 | bits(id, offset + 14, 4);
    }

    /** The least significant half of the canonical UUID at {@code id[offset]}. */
    public static long low(byte[] id, int offset) {
        return bits(id, offset + 19, 4) << 48 | bits(id, offset + 24, 12);
    }

    private static long bits(String id, int from, int count) {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            value = value << 4 | hex(id.charAt(i));
        }
        return value;
    }

    /** The hex digits of a canonical UUID's bytes (checked by {@link #isCanonicalUuid(byte[])}) as a number. */
    private static long bits(byte[] id, int from, int count) {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            value = value << 4 | HEX[id[i] & 0xFF];
        }
        return value;
    }

    /** The value of a lower-case hex digit, or -1 (upper case is another text, so another id). */
    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
