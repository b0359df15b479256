package io.extauth.contract;

/** Where an order came in: the portal over HTTP or an upstream billing system on {@code billing.orders}. */
public enum OrderChannel {
    PORTAL,
    BILLING
}
