package io.extauth.order.intake;

import io.extauth.order.pricing.Promo;
import io.extauth.order.status.OrderStatus;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * What the validator needs to know beyond the form, looked up by the caller: the promo the form names (null when
 * unknown or not given), the user's live order (null when none), whether the Symantec credential the form names is on a
 * live order of another user (of any account), and today's date.
 */
public record IntakeFacts(@Nullable Promo promo, @Nullable LiveOrder liveOrder, boolean credentialInUse,
        LocalDate today) {

    /** The order that already gives the user a live external authentication. */
    public record LiveOrder(String orderId, OrderStatus status) {
    }
}
