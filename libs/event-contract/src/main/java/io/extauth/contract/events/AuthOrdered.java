package io.extauth.contract.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.OrderChannel;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A validated, priced order: exactly one per accepted {@code OrderPlaced} or portal order. */
public record AuthOrdered(
        String accountId,
        String userId,
        String orderId,
        AuthType type,
        @Nullable String credentialId,
        String email,
        @Nullable String promoCode,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal monthlyFee,
        OrderChannel channel,
        Instant orderedAt) implements ExtauthEvent {
}
