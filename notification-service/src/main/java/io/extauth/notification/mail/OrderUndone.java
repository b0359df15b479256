package io.extauth.notification.mail;

import java.time.Instant;

/**
 * How an e-mail's order was taken back, and when (the first time it was, by that means): an admin cancelled the order
 * ({@code OrderCancelled}), or switched off the factor that came from it ({@code Deactivated} naming the order). Either
 * way provisioning-service removes the vendor's user, so the order's provisioning e-mail, if not sent yet, is
 * withdrawn ({@link Emails#withdrawnBecause}).
 */
public record OrderUndone(How how, Instant at) {

    /** The event that took the order back. */
    public enum How {
        /** {@code OrderCancelled}. */
        CANCELLED,
        /** {@code Deactivated} naming the order. */
        DEACTIVATED
    }

    public static OrderUndone cancelled(Instant at) {
        return new OrderUndone(How.CANCELLED, at);
    }

    public static OrderUndone deactivated(Instant at) {
        return new OrderUndone(How.DEACTIVATED, at);
    }
}
