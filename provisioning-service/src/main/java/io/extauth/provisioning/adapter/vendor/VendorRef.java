package io.extauth.provisioning.adapter.vendor;

import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * The body of a vendor's 200/201: its own reference for what it created. It is stored, announced in
 * {@code Provisioned}, shown by {@code GET /api/provisionings/{orderId}} and sent back in the path of the removal, so
 * only a reference that is one is taken: at most {@value #MAX} visible ASCII characters ({@code PF-} and a UUID, a VIP
 * binding's id). Anything else is an answer that cannot be used, as a body that cannot be read is: the call is tried
 * again later. Before, a reference of CR/LF or 60 KiB was stored, published and logged as it came, and one with a NUL
 * would fail the statement that settles the order (PostgreSQL refuses it in text) were the service's JSON reader not
 * refusing it first.
 */
record VendorRef(@Nullable String vendorRef) {

    /** Characters a reference has at most. */
    static final int MAX = 128;

    static VendorAnswer accepted(@Nullable VendorRef ref) {
        if (ref == null || ref.vendorRef() == null || ref.vendorRef().isBlank()) {
            throw new VendorUnavailableException("the vendor accepted but sent no vendorRef");
        }
        String unusable = whyUnusable(ref.vendorRef());
        if (unusable != null) {
            // why, never the reference itself: the reason becomes the order's lastError and a log line
            throw new VendorUnavailableException("the vendor accepted but sent a vendorRef that is no reference: "
                    + unusable);
        }
        return new VendorAnswer.Accepted(ref.vendorRef());
    }

    private static @Nullable String whyUnusable(String ref) {
        if (ref.length() > MAX) {
            return ref.length() + " characters (at most " + MAX + ")";
        }
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c < '!' || c > '~') {
                return String.format("U+%04X at %d (only visible ASCII)", (int) c, i + 1);
            }
        }
        return null;
    }
}
