package io.extauth.order.status;

import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.OrderRejected.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An order as order-service keeps it. Rejected billing orders are kept too, with what was sent, so that their
 * {@code type} is the text as received and {@code monthlyFee} is absent.
 */
public record Order(
        String orderId,
        OrderChannel channel,
        String accountId,
        String userId,
        @Nullable String email,
        @Nullable String type,
        @Nullable String credentialId,
        @Nullable String promoCode,
        @Nullable String orderedBy,
        @Nullable BigDecimal monthlyFee,
        OrderStatus status,
        List<Reason> reasons,
        Instant createdAt,
        Instant updatedAt) {

    public Order {
        reasons = List.copyOf(reasons);
    }
}
