package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, eleventh pass: the shared strings are found by the bytes they are read from. These pin that a string is
 * found exactly for its own bytes — not for bytes that only hash alike, a prefix, or the same bytes elsewhere in a
 * larger array — against a map of the decoded text, and that a value the table does not hold is never made up.
 */
class StringsByBytesUnitTest {

    @Test
    void aStringIsFoundForItsOwnBytesOnlyAgainstAMapOfTheirText() {
        SplittableRandom random = new SplittableRandom(14);
        StringsByBytes table = new StringsByBytes(Integer.MAX_VALUE);
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String text = text(random);
            byte[] around = inside(text.getBytes(StandardCharsets.ISO_8859_1), random);
            int start = around.length - text.length() - around[0];
            int end = start + text.length();
            int hash = StringsByBytes.hash(around, start, end);
            String found = table.find(around, start, end, hash);
            assertThat(found).as(text).isSameAs(expected.get(text));
            if (found == null) {
                String kept = new String(text);
                table.add(kept, around, start, end, hash);
                expected.put(text, kept);
            }
        }
        assertThat(table.size()).isEqualTo(expected.size()).isGreaterThan(1_000); // grown from 1,024 slots
    }

    @Test
    void bytesThatHashAlikeAreTwoStrings() {
        StringsByBytes table = new StringsByBytes(10);
        byte[] aa = "Aa".getBytes(StandardCharsets.US_ASCII);
        byte[] bb = "BB".getBytes(StandardCharsets.US_ASCII); // "Aa".hashCode() == "BB".hashCode()
        assertThat(StringsByBytes.hash(aa, 0, 2)).isEqualTo(StringsByBytes.hash(bb, 0, 2));
        table.add("Aa", aa, 0, 2, StringsByBytes.hash(aa, 0, 2));
        assertThat(table.find(bb, 0, 2, StringsByBytes.hash(bb, 0, 2))).isNull();
        table.add("BB", bb, 0, 2, StringsByBytes.hash(bb, 0, 2));
        assertThat(table.find(aa, 0, 2, StringsByBytes.hash(aa, 0, 2))).isEqualTo("Aa");
        assertThat(table.find(bb, 0, 2, StringsByBytes.hash(bb, 0, 2))).isEqualTo("BB");
    }

    @Test
    void theEmptyStringALongOneAndNonAsciiBytesAreKeysLikeAnyOther() {
        StringsByBytes table = new StringsByBytes(10);
        byte[] empty = new byte[3];
        String longText = "x".repeat(100_000) + "y";
        byte[] longBytes = longText.getBytes(StandardCharsets.US_ASCII);
        byte[] utf8 = "é\u4e2d".getBytes(StandardCharsets.UTF_8);
        table.add("", empty, 1, 1, StringsByBytes.hash(empty, 1, 1));
        table.add(longText, longBytes, 0, longBytes.length, StringsByBytes.hash(longBytes, 0, longBytes.length));
        table.add("é中", utf8, 0, utf8.length, StringsByBytes.hash(utf8, 0, utf8.length));
        assertThat(table.find(new byte[0], 0, 0, StringsByBytes.hash(new byte[0], 0, 0))).isEmpty();
        assertThat(table.find(longBytes, 0, longBytes.length, StringsByBytes.hash(longBytes, 0, longBytes.length)))
                .isSameAs(longText);
        assertThat(table.find(longBytes, 0, longBytes.length - 1, StringsByBytes.hash(longBytes, 0,
                longBytes.length - 1))).as("a prefix").isNull();
        assertThat(table.find(utf8, 0, utf8.length, StringsByBytes.hash(utf8, 0, utf8.length))).isEqualTo("é中");
    }

    @Test
    void aFullTableFindsWhatItHoldsAndAddsNothingMore() {
        StringsByBytes table = new StringsByBytes(2);
        for (String text : new String[] {"a", "b", "c"}) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            table.add(text, bytes, 0, 1, StringsByBytes.hash(bytes, 0, 1));
        }
        assertThat(table.size()).isEqualTo(2);
        byte[] c = {'c'};
        assertThat(table.find(c, 0, 1, StringsByBytes.hash(c, 0, 1))).isNull();
        byte[] a = {'a'};
        assertThat(table.find(a, 0, 1, StringsByBytes.hash(a, 0, 1))).isEqualTo("a");
    }

    /** Short texts over a small alphabet (many repeats, prefixes of each other, equal hashes) and some longer ones. */
    private static String text(SplittableRandom random) {
        String alphabet = random.nextInt(10) == 0 ? "AaBB\u00e9\u00ff\u0001" : "ab";
        int length = random.nextInt(100) == 0 ? 20 + random.nextInt(300) : random.nextInt(12);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /**
     * The bytes with up to three others either side, the count after them in the first byte: a copy elsewhere in a
     * larger array, as a value lies in a fetch.
     */
    private static byte[] inside(byte[] bytes, SplittableRandom random) {
        int before = 1 + random.nextInt(3);
        int after = random.nextInt(4);
        byte[] around = new byte[before + bytes.length + after];
        for (int i = 0; i < around.length; i++) {
            around[i] = 'a'; // a read past the range would find more of the alphabet
        }
        System.arraycopy(bytes, 0, around, before, bytes.length);
        around[0] = (byte) after;
        return around;
    }
}
