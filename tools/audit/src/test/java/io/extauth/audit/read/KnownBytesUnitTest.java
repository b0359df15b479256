package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fifty-third pass: known header keys and type names are found by their length first, and a record's
 * headers are taken from the client's own list. Either finds exactly what comparing every known string in turn, or the
 * headers' own iterator, finds.
 */
class KnownBytesUnitTest {

    @Test
    void findsTheFirstEqualKnownStringAsAScanOfAllOfThemDoes() {
        // equal lengths, a prefix of another, the empty string and one known twice
        List<byte[]> known = List.of(bytes("ce_type"), bytes("ce_time"), bytes("ce_id"), bytes(""),
                bytes("content-type"), bytes("ce_t"), bytes("ce_time"), bytes("ce_specversion"));
        KnownBytes lookup = new KnownBytes(known);
        SplittableRandom random = new SplittableRandom(53);
        Set<Integer> found = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            byte[] candidate = candidate(known, random);
            // somewhere inside a larger array, as a header's key is inside a fetch's bytes
            byte[] around = new byte[candidate.length + 7];
            Arrays.fill(around, (byte) 'e');
            int from = random.nextInt(8);
            System.arraycopy(candidate, 0, around, from, candidate.length);

            int index = lookup.indexOf(around, from, candidate.length);
            assertThat(index).as(new String(candidate, StandardCharsets.ISO_8859_1)).isEqualTo(scan(known, candidate));
            found.add(index);
        }
        assertThat(found).containsExactlyInAnyOrder(-1, 0, 1, 2, 3, 4, 5, 7); // 6 is 1 again: the first one wins
    }

    @Test
    void nothingKnownFindsNothing() {
        assertThat(new KnownBytes(List.of()).indexOf(bytes("ce_id"), 0, 5)).isEqualTo(-1);
        assertThat(new KnownBytes(List.of()).indexOf(new byte[0], 0, 0)).isEqualTo(-1);
    }

    @Test
    void aRecordsHeadersAreTheClientsOwnInTheirOrderAndAnyOtherHeadersACopyInTheirs() {
        RecordHeaders fetched = new RecordHeaders();
        List<Header> expected = new ArrayList<>();
        for (String key : new String[] {"ce_id", "ce_type", "ce_id", "content-type", ""}) {
            Header header = new RecordHeader(key, bytes(key + "!"));
            fetched.add(header);
            expected.add(header);
        }
        assertThat(HeaderKeys.list(fetched)).containsExactlyElementsOf(expected).containsExactlyElementsOf(fetched);
        assertThat(HeaderKeys.list(new RecordHeaders())).isEmpty();

        Headers other = new OtherHeaders(fetched);
        assertThat(HeaderKeys.list(other)).containsExactlyElementsOf(expected);
    }

    /** A known string, one of them a byte off or cut short, or any bytes. */
    private static byte[] candidate(List<byte[]> known, SplittableRandom random) {
        byte[] pick = known.get(random.nextInt(known.size())).clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                return pick;
            }
            case 1 -> {
                if (pick.length > 0) {
                    pick[random.nextInt(pick.length)] = (byte) random.nextInt(256);
                }
                return pick;
            }
            case 2 -> {
                return Arrays.copyOf(pick, random.nextInt(pick.length + 2));
            }
            default -> {
                byte[] any = new byte[random.nextInt(20)];
                for (int i = 0; i < any.length; i++) {
                    any[i] = (byte) ('a' + random.nextInt(4));
                }
                return any;
            }
        }
    }

    private static int scan(List<byte[]> known, byte[] candidate) {
        for (int i = 0; i < known.size(); i++) {
            if (Arrays.equals(known.get(i), candidate)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Headers that are not the client's {@link RecordHeaders}: read through their own array. */
    private record OtherHeaders(Headers delegate) implements Headers {

        @Override
        public Headers add(Header header) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Headers add(String key, byte[] value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Headers remove(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Header lastHeader(String key) {
            return delegate.lastHeader(key);
        }

        @Override
        public Iterable<Header> headers(String key) {
            return delegate.headers(key);
        }

        @Override
        public Header[] toArray() {
            return delegate.toArray();
        }

        @Override
        public java.util.Iterator<Header> iterator() {
            return delegate.iterator();
        }
    }
}
