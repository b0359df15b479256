package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, eleventh pass: the flat reader's strings are found by their bytes. A shared field's value is the one
 * instance whichever path read it (bytes on any thread, or text as Jackson's path gives it), and any other field's
 * value is a string of its own, as before.
 */
class SharedStringsUnitTest {

    private final SharedStrings strings = new SharedStrings();

    @Test
    void aSharedFieldsValueIsOneInstanceFromBytesOnAnyThreadAndFromText() throws Exception {
        byte[] first = "{\"userId\":\"synthetic-17\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] again = "xx synthetic-17 xx".getBytes(StandardCharsets.US_ASCII);
        String read = strings.keep("userId", first, 11, 23);
        assertThat(read).isEqualTo("synthetic-17");
        assertThat(strings.keep("userId", again, 3, 15)).isSameAs(read);
        assertThat(CompletableFuture.supplyAsync(() -> strings.keep("accountId", again, 3, 15)).get())
                .as("another thread, another shared field").isSameAs(read);
        assertThat(strings.keep("userId", new String("synthetic-17"))).as("Jackson's path").isSameAs(read);
        assertThat(strings.share(new String("synthetic-17"))).isSameAs(read);
    }

    @Test
    void aTextFirstSharedFromJacksonsPathIsTheOneFoundByBytesLater() {
        String fromText = strings.share(new String("order-9"));
        byte[] bytes = "order-9".getBytes(StandardCharsets.US_ASCII);
        assertThat(strings.keep("orderId", bytes, 0, bytes.length)).isSameAs(fromText);
    }

    @Test
    void anyOtherFieldsValueIsAStringOfItsOwnEachTime() {
        byte[] bytes = "c-17-0".getBytes(StandardCharsets.US_ASCII);
        String first = strings.keep("challengeId", bytes, 0, bytes.length);
        String second = strings.keep("challengeId", bytes, 0, bytes.length);
        assertThat(first).isEqualTo("c-17-0").isEqualTo(second).isNotSameAs(second);
    }

    @Test
    void emptyAndPrefixValuesAreTheirOwnStrings() {
        byte[] bytes = "synthetic-1".getBytes(StandardCharsets.US_ASCII);
        String whole = strings.keep("userId", bytes, 0, bytes.length);
        String prefix = strings.keep("userId", bytes, 0, bytes.length - 1);
        String empty = strings.keep("userId", bytes, 4, 4);
        assertThat(whole).isEqualTo("synthetic-1");
        assertThat(prefix).isEqualTo("synthetic-");
        assertThat(empty).isEmpty();
        assertThat(strings.keep("userId", "synthetic-".getBytes(StandardCharsets.US_ASCII), 0, 10)).isSameAs(prefix);
    }
}
