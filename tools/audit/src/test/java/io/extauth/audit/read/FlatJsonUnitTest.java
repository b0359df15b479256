package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.synthetic.SyntheticHistory;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.OrderRejected;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fourth pass: event data as the services write it is read by hand ({@code StreamingData.FlatJson}), not by
 * a Jackson parser built per record. Whatever the hand-written reader reads must be exactly what the parser reads
 * ({@code readWithParser}, the reader of commit 6de60f0); whatever it does not read it leaves to the parser. Shown on
 * every event of the contract, on the pinned near misses, and on tens of thousands of documents mangled at random.
 */
class FlatJsonUnitTest {

    /** Bytes that change what JSON means: structure, numbers, literals, escapes, whitespace, non-ASCII. */
    private static final byte[] INTERESTING = "\"\\{}[],:0123456789.eE-+ tfnul\t\n\r/#xé\u0000\u007f"
            .getBytes(StandardCharsets.UTF_8);

    private final StreamingData streaming = new StreamingData(ContractJson.mapper(), new SharedStrings());

    @Test
    void everyEventAsTheServicesWriteItIsReadByHand() throws Exception {
        for (ExtauthEvent event : documents()) {
            ExtauthEvent read = streaming.readFlat(ContractJson.mapper().writeValueAsBytes(event), event.getClass());

            if (event instanceof OrderRejected) {
                assertThat(read).as(event.toString()).isNull(); // a list of records: bound as before
            } else {
                assertThat(read).as(event.toString()).isEqualTo(event);
            }
        }
    }

    @Test
    void theNearMissesAreReadByHandOnlyWhereTheParserReadsTheSame() {
        RecordShapes.nearMisses().forEach((name, spec) -> {
            Class<? extends ExtauthEvent> type = EventTypes.classOf(spec.substring(0, spec.indexOf('|'))).orElseThrow();
            byte[] json = spec.substring(spec.indexOf('|') + 1).getBytes(StandardCharsets.UTF_8);

            assertSameAsParser(json, type, name);
        });
    }

    @Test
    void documentsMangledAtRandomAreReadByHandOnlyWhereTheParserReadsTheSame() throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        List<ExtauthEvent> events = documents();
        int byHand = 0;
        int leftToParser = 0;
        for (int i = 0; i < 60_000; i++) {
            ExtauthEvent event = events.get(random.nextInt(events.size()));
            byte[] json = ContractJson.mapper().writeValueAsBytes(event);
            for (int changes = 1 + random.nextInt(2); changes > 0; changes--) {
                json = mangle(json, random);
            }

            ExtauthEvent flat = assertSameAsParser(json, event.getClass(), new String(json, StandardCharsets.UTF_8));
            byHand += flat != null ? 1 : 0;
            leftToParser += flat == null && streaming.readWithParser(json, event.getClass()) != null ? 1 : 0;
        }

        // both paths are taken: many mangled documents are still simple, many are not
        assertThat(byHand).isGreaterThan(5_000);
        assertThat(leftToParser).isGreaterThan(200);
    }

    private ExtauthEvent assertSameAsParser(byte[] json, Class<? extends ExtauthEvent> type, String what) {
        ExtauthEvent flat = streaming.readFlat(json, type);
        if (flat != null) {
            assertThat(flat).as(what).isEqualTo(streaming.readWithParser(json, type));
        }
        assertThat(streaming.read(json, type)).as(what).isEqualTo(streaming.readWithParser(json, type));
        return flat;
    }

    private static List<ExtauthEvent> documents() {
        List<ExtauthEvent> events = new ArrayList<>(RecordShapes.everyEvent());
        SyntheticHistory.of(2, Instant.parse("2025-03-01T08:00:00Z")).forEach(timed -> events.add(timed.event()));
        return events;
    }

    /** One byte replaced, deleted, doubled, or one inserted. */
    private static byte[] mangle(byte[] json, SplittableRandom random) {
        int at = random.nextInt(json.length);
        byte other = INTERESTING[random.nextInt(INTERESTING.length)];
        return switch (random.nextInt(4)) {
            case 0 -> {
                byte[] changed = json.clone();
                changed[at] = other;
                yield changed;
            }
            case 1 -> join(json, at, new byte[0], at + 1);
            case 2 -> join(json, at, new byte[] {json[at]}, at);
            default -> join(json, at, new byte[] {other}, at);
        };
    }

    private static byte[] join(byte[] json, int until, byte[] middle, int from) {
        byte[] joined = new byte[until + middle.length + json.length - from];
        System.arraycopy(json, 0, joined, 0, until);
        System.arraycopy(middle, 0, joined, until, middle.length);
        System.arraycopy(json, from, joined, until + middle.length, json.length - from);
        return joined;
    }
}
