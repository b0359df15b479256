package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VendorRefUnitTest {

    @Test
    void aReferenceOfVisibleAsciiUpTo128CharactersIsTheVendorsAnswer() {
        for (String ref : List.of("PF-3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8", "VIP-1", "x".repeat(VendorRef.MAX))) {
            assertThat(VendorRef.accepted(new VendorRef(ref))).isEqualTo(new VendorAnswer.Accepted(ref));
        }
    }

    @Test
    void aReferenceWithAControlCharacterASpaceOrANonAsciiCharacterIsTriedAgainWithTheReasonNotTheReference() {
        for (String ref : List.of("a\u0000b", "PF-1\r\nWARN forged line", "PF-1\u001b[31m", "PF 1", "PF-é",
                "PF-1\u202E")) {
            VendorUnavailableException e = catchThrowableOfType(VendorUnavailableException.class,
                    () -> VendorRef.accepted(new VendorRef(ref)));

            assertThat(e).as(ref).isNotNull();
            assertThat(e.getMessage()).as(ref).startsWith("the vendor accepted but sent a vendorRef that is no "
                    + "reference: U+").contains("only visible ASCII").doesNotContain(ref);
        }
    }

    @Test
    void aReferenceLongerThan128CharactersIsTriedAgainWithItsLengthNotItsText() {
        for (String ref : List.of("x".repeat(VendorRef.MAX + 1), "PF-" + "y".repeat(60 * 1024))) {
            VendorUnavailableException e = catchThrowableOfType(VendorUnavailableException.class,
                    () -> VendorRef.accepted(new VendorRef(ref)));

            assertThat(e).isNotNull();
            assertThat(e.getMessage()).isEqualTo("the vendor accepted but sent a vendorRef that is no reference: "
                    + ref.length() + " characters (at most 128)");
        }
    }
}
