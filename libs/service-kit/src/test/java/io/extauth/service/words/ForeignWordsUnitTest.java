package io.extauth.service.words;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForeignWordsUnitTest {

    @Test
    void separatorsAndFormatCharactersBreakNoLineOfTheirOwn() {
        assertThat(ForeignWords.kept("refused\u2028WARN forged\u2029line\u202Eevil"))
                .isEqualTo("refused WARN forged line evil");
    }

    @Test
    void theCutBeforeTheAddressesAreMaskedLeavesNoPartOfAnAddressItSplits() {
        // the address straddles the first cut (twice the bound), and the masked addresses before it are shorter
        // than they were, so what is left of it would land within the bound: its local part alone is no address
        String before = "averyveryverylonglocalpartname@example.com ".repeat(23);
        assertThat(before.length()).isLessThan(2 * ForeignWords.MAX).isGreaterThan(2 * ForeignWords.MAX - 20);
        String words = before + "jane.doe.the.user@example.com and " + "more ".repeat(400);

        String kept = ForeignWords.kept(words);

        assertThat(kept).doesNotContain("jane", "doe", "the.user").endsWith("…")
                .hasSizeLessThanOrEqualTo(ForeignWords.MAX);
    }

    @Test
    void anAddressWhollyWithinTheCutIsMasked() {
        assertThat(ForeignWords.kept("user jane.doe@example.com exists")).isEqualTo("user j***@example.com exists");
    }

    @Test
    void anAddressWithAnApostropheIsMaskedWhole() {
        assertThat(ForeignWords.kept("550 mary.o'brien@example.com unknown")).isEqualTo("550 m***@example.com unknown");
        assertThat(ForeignWords.kept("550 'mary@example.com' unknown")).doesNotContain("mary")
                .contains("@example.com'");
    }
}
