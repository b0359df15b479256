package io.extauth.messaging.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.AuthOrdered;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, seventh pass: the audit reads a record's data where the consumer fetched it, a slice of a larger array.
 * A document read in place reads exactly as the same bytes alone, whatever surrounds it: the bytes around are chosen
 * so that a reader looking past either end would read something else (or nothing).
 */
class FlatDataSliceUnitTest {

    private static final List<Class<? extends ExtauthEvent>> TYPES = GeneratedEvents.TYPES;
    /** Before the document: a reader starting early sees another object. */
    private static final byte[] BEFORE = "{\"x\":1} ".getBytes(StandardCharsets.US_ASCII);
    /** After it: a reader going on would see trailing content, or a value go on ({@code 5} to {@code 57}). */
    private static final byte[] AFTER = "7,\"extra\":true} trailing".getBytes(StandardCharsets.US_ASCII);

    @Test
    void generatedAndMangledDocumentsReadInPlaceAsTheSameBytesAlone() {
        SplittableRandom random = new SplittableRandom(71);
        int here = 0;
        for (int i = 0; i < 40_000; i++) {
            Class<? extends ExtauthEvent> type = TYPES.get(random.nextInt(TYPES.size()));
            ExtauthEvent event = i % 2 == 0 ? GeneratedEvents.plain(type) : GeneratedEvents.generated(type, random);
            String text = EventJson.write(event);
            byte[] json = (i % 4 == 1 ? GeneratedEvents.mangle(text, random) : text).getBytes(StandardCharsets.UTF_8);
            byte[] surrounded = surrounded(json);
            ExtauthEvent alone = FlatData.readOrNull(json, type, FlatData.Texts.AS_READ);
            ExtauthEvent inPlace = FlatData.readOrNull(surrounded, BEFORE.length, json.length, type,
                    FlatData.Texts.AS_READ);
            assertThat(inPlace).as(text).isEqualTo(alone);
            if (alone != null) {
                here++;
            }
        }
        assertThat(here).isGreaterThan(10_000);
    }

    @Test
    void aDocumentCutShortByTheSliceIsNotRead() {
        byte[] json = EventJson.write(GeneratedEvents.plain(AuthOrdered.class)).getBytes(StandardCharsets.UTF_8);
        byte[] surrounded = surrounded(json);

        assertThat(FlatData.readOrNull(surrounded, BEFORE.length, json.length - 1, AuthOrdered.class,
                FlatData.Texts.AS_READ)).isNull();
        assertThat(FlatData.readOrNull(surrounded, BEFORE.length, json.length - 2, AuthOrdered.class,
                FlatData.Texts.AS_READ)).isNull();
        assertThat(FlatData.readOrNull(surrounded, BEFORE.length, json.length, AuthOrdered.class,
                FlatData.Texts.AS_READ)).isNotNull().isEqualTo(FlatData.readOrNull(json, AuthOrdered.class));
    }

    @Test
    void aSliceOutsideTheArrayIsRefused() {
        byte[] json = "{}".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> FlatData.readOrNull(json, 1, 2, AuthOrdered.class, FlatData.Texts.AS_READ))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> FlatData.readOrNull(json, -1, 1, AuthOrdered.class, FlatData.Texts.AS_READ))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static byte[] surrounded(byte[] json) {
        byte[] all = new byte[BEFORE.length + json.length + AFTER.length];
        System.arraycopy(BEFORE, 0, all, 0, BEFORE.length);
        System.arraycopy(json, 0, all, BEFORE.length, json.length);
        System.arraycopy(AFTER, 0, all, BEFORE.length + json.length, AFTER.length);
        return all;
    }
}
