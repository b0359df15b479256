package io.extauth.provisioning;

/** Where one order stands at its vendor. */
public enum ProvisioningStatus {
    /** Waiting for (another) attempt at the vendor; every retry asks with the same idempotency key. */
    PENDING,
    PROVISIONED,
    /** The vendor refused for good. */
    FAILED,
    /** Cancelled (or its user deactivated) before anything of it was left at the vendor. */
    CANCELLED,
    /** To be removed at the vendor (deactivation, or a cancellation that came too late); retried until done. */
    DEPROVISIONING,
    DEPROVISIONED,
    /** The vendor refused to remove it; an operator has to look. */
    DEPROVISION_FAILED;

    /** Whether the worker still has something to do for the order. */
    public boolean hasWork() {
        return this == PENDING || this == DEPROVISIONING;
    }
}
