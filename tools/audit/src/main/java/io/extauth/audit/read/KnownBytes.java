package io.extauth.audit.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A few known byte strings (header keys, the contract's type names), found in a record's bytes by their length first:
 * the reader looks one up for each header of every record, and comparing the bytes of every known string in turn was
 * ~5% of the parsers' CPU (issue 14, fifty-third pass). An index is an equal known string's, exactly as comparing
 * each in turn finds it.
 */
final class KnownBytes {

    private static final int[] NONE = new int[0];

    private final byte[][] known;
    /** The indexes of the known strings of each length, in their order. */
    private final int[][] byLength;

    KnownBytes(List<byte[]> known) {
        this.known = known.toArray(byte[][]::new);
        int longest = known.stream().mapToInt(bytes -> bytes.length).max().orElse(0);
        List<List<Integer>> lengths = new ArrayList<>();
        for (int length = 0; length <= longest; length++) {
            lengths.add(new ArrayList<>());
        }
        for (int i = 0; i < this.known.length; i++) {
            lengths.get(this.known[i].length).add(i);
        }
        byLength = new int[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            byLength[length] = lengths.get(length).isEmpty() ? NONE
                    : lengths.get(length).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The index of the first known string equal to {@code bytes[from, from + length)}, or -1 for none. */
    int indexOf(byte[] bytes, int from, int length) {
        if (length >= byLength.length) {
            return -1;
        }
        for (int i : byLength[length]) {
            if (Arrays.equals(known[i], 0, length, bytes, from, from + length)) {
                return i;
            }
        }
        return -1;
    }
}
