package io.extauth.provisioning;

/** Why an order is taken back at its vendor: it decides the status the order ends in. */
public enum UndoCause {
    /** {@code OrderCancelled}: ends in {@link ProvisioningStatus#CANCELLED}. */
    CANCELLED,
    /** {@code Deactivated}: ends in {@link ProvisioningStatus#DEPROVISIONED}. */
    DEACTIVATED
}
