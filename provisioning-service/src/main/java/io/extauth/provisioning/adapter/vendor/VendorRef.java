package io.extauth.provisioning.adapter.vendor;

import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorUnavailableException;
import org.jspecify.annotations.Nullable;

/** The body of a vendor's 200/201: its own reference for what it created. */
record VendorRef(@Nullable String vendorRef) {

    static VendorAnswer accepted(@Nullable VendorRef ref) {
        if (ref == null || ref.vendorRef() == null || ref.vendorRef().isBlank()) {
            throw new VendorUnavailableException("the vendor accepted but sent no vendorRef");
        }
        return new VendorAnswer.Accepted(ref.vendorRef());
    }
}
