package io.extauth.audit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The id table and the id check as the reader uses them, against what they stand for: a map of {@link UUID}s, and
 * the check on the id's text (issue 14, eighth pass: one array for the table, a look-up for the hex digits).
 */
class UuidTableUnitTest {

    @Test
    void theTableFindsWhatAMapOfUuidsFindsAlsoWhenItGrowsFromTheSmallestSize() {
        Random random = new Random(8);
        DuplicateIds.UuidTable table = new DuplicateIds.UuidTable(1);
        Map<UUID, Integer> map = new HashMap<>();
        UUID[] seen = new UUID[200_000];
        for (int i = 0; i < seen.length; i++) {
            // a third are ids seen before; some share a half with another id
            UUID id = i > 0 && random.nextInt(3) == 0 ? seen[random.nextInt(i)]
                    : i > 0 && random.nextInt(10) == 0 ? new UUID(seen[random.nextInt(i)].getMostSignificantBits(),
                            random.nextLong())
                    : new UUID(random.nextLong(), random.nextLong());
            seen[i] = id;
            Integer expected = map.putIfAbsent(id, i);
            int found = table.putIfAbsent(id.getMostSignificantBits(), id.getLeastSignificantBits(), i);
            assertThat(found).as("id %s at %d", id, i).isEqualTo(expected == null ? -1 : expected);
        }
    }

    @Test
    void anIdIsReadAsAUuidFromItsBytesExactlyWhenItsTextIsOne() {
        Random random = new Random(14);
        for (int i = 0; i < 50_000; i++) {
            byte[] id = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
            if (i % 5 != 0) {
                id[random.nextInt(id.length)] = (byte) random.nextInt(256); // any byte, anywhere
            }
            String text = new String(id, StandardCharsets.UTF_8);
            boolean uuid = EventIds.isCanonicalUuid(id);
            assertThat(uuid).as(text).isEqualTo(EventIds.isCanonicalUuid(text));
            if (uuid) {
                assertThat(new UUID(EventIds.high(id), EventIds.low(id)).toString()).isEqualTo(text);
            }
            byte[] within = new byte[id.length + 3]; // in place: between hex digits and dashes that are not its own
            within[0] = '-';
            within[1] = 'a';
            within[within.length - 1] = '0';
            System.arraycopy(id, 0, within, 2, id.length);
            assertThat(EventIds.isCanonicalUuid(within, 2, id.length)).as(text).isEqualTo(uuid);
            assertThat(EventIds.isCanonicalUuid(within, 1, id.length)).isFalse();
            if (uuid) {
                assertThat(new UUID(EventIds.high(within, 2), EventIds.low(within, 2)).toString()).isEqualTo(text);
            }
        }
    }
}
