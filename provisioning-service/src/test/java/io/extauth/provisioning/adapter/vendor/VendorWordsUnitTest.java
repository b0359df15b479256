package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VendorWordsUnitTest {

    @Test
    void separatorsAndFormatCharactersBreakNoLineOfTheirOwn() {
        assertThat(VendorWords.kept("refused\u2028WARN forged\u2029line\u202Eevil"))
                .isEqualTo("refused WARN forged line evil");
    }

    @Test
    void theCutBeforeTheAddressesAreMaskedLeavesNoPartOfAnAddressItSplits() {
        // the address straddles the first cut (twice the bound), and the masked addresses before it are shorter
        // than they were, so what is left of it would land within the bound: its local part alone is no address
        String before = "averyveryverylonglocalpartname@example.com ".repeat(23);
        assertThat(before.length()).isLessThan(2 * VendorWords.MAX).isGreaterThan(2 * VendorWords.MAX - 20);
        String words = before + "jane.doe.the.user@example.com and " + "more ".repeat(400);

        String kept = VendorWords.kept(words);

        assertThat(kept).doesNotContain("jane", "doe", "the.user").endsWith("…")
                .hasSizeLessThanOrEqualTo(VendorWords.MAX);
    }

    @Test
    void anAddressWhollyWithinTheCutIsMasked() {
        assertThat(VendorWords.kept("user jane.doe@example.com exists")).isEqualTo("user j***@example.com exists");
    }
}
