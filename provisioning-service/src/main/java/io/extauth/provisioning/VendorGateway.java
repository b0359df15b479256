package io.extauth.provisioning;

import io.extauth.contract.AuthType;

/**
 * The port to one vendor. Implementations are idempotent by {@link VendorOrder#orderId()}: asking twice for the same
 * order yields the same {@code vendorRef}. A vendor that cannot answer now throws {@link VendorUnavailableException}.
 */
public interface VendorGateway {

    /** The vendor behind this gateway. */
    AuthType type();

    /** Sets the user up at the vendor; a refusal for good is a {@link VendorAnswer.Refused}, not an exception. */
    VendorAnswer provision(VendorOrder order);

    /** Removes what {@link #provision} created; removing what is gone already is accepted. */
    VendorAnswer deprovision(ProvisioningRecord provisioned);
}
