package io.extauth.provisioning;

/** What a vendor said: it did it (with its reference), or it refused for good (with its reason). */
public sealed interface VendorAnswer {

    /** The vendor did it; {@code vendorRef} is the vendor's own reference. */
    record Accepted(String vendorRef) implements VendorAnswer {
    }

    /** The vendor refused and will refuse again: retrying is pointless. {@code reason} is the vendor's. */
    record Refused(String reason) implements VendorAnswer {
    }
}
