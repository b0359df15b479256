package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.rules.Position;
import org.junit.jupiter.api.Test;

class PrintableUnitTest {

    @Test
    void aRecordsTypeWithAnEscapeSequenceAndALineBreakCannotForgeALineOrHideTheReport() {
        Unreadable bad = new Unreadable(new Position("billing.orders", 0, 7),
                "unknown event type '\u001b[8m\nCLEAN: no violations'");

        assertThat(bad.reason()).isEqualTo("unknown event type '\\u001b[8m\\nCLEAN: no violations'")
                .doesNotContain("\u001b").doesNotContain("\n");
        assertThat(bad.reason().lines()).hasSize(1);
    }

    @Test
    void formatCharactersAreShownTooAndPlainTextIsLeftAsItIs() {
        assertThat(Printable.of("user-\u202Eevil\u200B")).isEqualTo("user-\\u202eevil\\u200b");
        assertThat(Printable.of("jane@example.com ünïcode")).isEqualTo("jane@example.com ünïcode");
        assertThat(Printable.of("a\tb\rc")).isEqualTo("a\\tb\\rc");
        assertThat(Printable.of(null)).isEqualTo("null");
    }

    @Test
    void aReasonOfAMegabyteIsKeptAsAThousandCharactersAndItsLength() {
        String huge = "x".repeat(1_000_000);

        String kept = new Unreadable(new Position("billing.orders", 0, 8), "unknown event type '" + huge + "'")
                .reason();

        assertThat(kept).hasSizeLessThan(Printable.MAX_CHARACTERS + 40).endsWith("… (1000021 characters)");
    }
}
