package io.extauth.provisioning;

import org.jspecify.annotations.Nullable;

/** What a vendor said: it did it (with its reference), or it refused for good (with its reason). */
public sealed interface VendorAnswer {

    /** The vendor did it; {@code vendorRef} is the vendor's own reference. */
    record Accepted(String vendorRef) implements VendorAnswer {
    }

    /**
     * The vendor refused and will refuse again: retrying is pointless. {@code reason} is the vendor's, as kept for
     * people; {@code code} its problem's code as it came, for the rules to tell one refusal from another (never shown).
     */
    record Refused(String reason, @Nullable String code) implements VendorAnswer {

        public Refused(String reason) {
            this(reason, null);
        }
    }
}
