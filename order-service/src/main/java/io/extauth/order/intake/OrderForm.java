package io.extauth.order.intake;

import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.OrderPlaced;
import org.jspecify.annotations.Nullable;

/**
 * An order as its caller sent it, through either door; any field may be missing or malformed until validated.
 * {@code orderId} is the billing system's id (the portal's orders get theirs once accepted).
 */
public record OrderForm(
        OrderChannel channel,
        @Nullable String orderId,
        @Nullable String accountId,
        @Nullable String userId,
        @Nullable String email,
        @Nullable String type,
        @Nullable String credentialId,
        @Nullable String promoCode,
        @Nullable Boolean msaAcknowledged,
        @Nullable String orderedBy) {

    public static OrderForm of(OrderPlaced placed) {
        return new OrderForm(OrderChannel.BILLING, placed.orderId(), placed.accountId(), placed.userId(),
                placed.email(), placed.type(), placed.credentialId(), placed.promoCode(), placed.msaAcknowledged(),
                placed.orderedBy());
    }

    public boolean hasPromoCode() {
        return promoCode != null && !promoCode.isBlank();
    }
}
