package io.extauth.provisioning.provisioning;

/** Where one order stands at its vendor. */
public enum ProvisioningStatus {
    /** Being tried; a retry asks the vendor again with the same idempotency key. */
    PENDING,
    PROVISIONED,
    /** The vendor refused for good. */
    FAILED,
    DEPROVISIONED,
    /** The vendor refused to remove it; an operator has to look. */
    DEPROVISION_FAILED;

    /** Whether the order has had its answer: then a repeated order (a replay, a new ce_id) asks the vendor nothing. */
    public boolean settled() {
        return this != PENDING;
    }
}
