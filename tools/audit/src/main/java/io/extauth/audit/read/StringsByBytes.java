package io.extauth.audit.read;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Strings found by the bytes they were read from: an open-addressed table of one thread's (not safe to share), so
 * that a value read again — a user's id in each of their 25 events, an account in thousands — is the instance read
 * the first time, without a string made, hashed and compared in a shared map only to be dropped (issue 14, eleventh
 * pass). Keys are compared byte for byte; a hash only says where to look. Holds at most {@code limit} strings.
 */
final class StringsByBytes {

    private static final int FIRST_CAPACITY = 1 << 10;

    private final int limit;
    private byte[][] keys = new byte[FIRST_CAPACITY][];
    private String[] values = new String[FIRST_CAPACITY];
    private int[] hashes = new int[FIRST_CAPACITY];
    private int size;

    StringsByBytes(int limit) {
        this.limit = limit;
    }

    /** The hash {@link #find} and {@link #add} take for {@code bytes[start, end)}. */
    static int hash(byte[] bytes, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash ^ (hash >>> 16);
    }

    /** The string added for exactly the bytes {@code bytes[start, end)}, or null. */
    @Nullable String find(byte[] bytes, int start, int end, int hash) {
        int mask = keys.length - 1;
        for (int slot = hash & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash && Arrays.equals(keys[slot], 0, keys[slot].length, bytes, start, end)) {
                return values[slot];
            }
        }
        return null;
    }

    /** Keeps {@code value} for the bytes {@code bytes[start, end)} (not yet added), unless the table is full. */
    void add(String value, byte[] bytes, int start, int end, int hash) {
        if (size >= limit) {
            return;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        put(Arrays.copyOfRange(bytes, start, end), value, hash);
        size++;
    }

    int size() {
        return size;
    }

    private void put(byte[] key, String value, int hash) {
        int mask = keys.length - 1;
        int slot = hash & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
        hashes[slot] = hash;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        String[] oldValues = values;
        int[] oldHashes = hashes;
        keys = new byte[oldKeys.length * 2][];
        values = new String[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                put(oldKeys[i], oldValues[i], oldHashes[i]);
            }
        }
    }
}
