package io.extauth.order.pricing;

import io.extauth.contract.AuthType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The monthly fee of each type, and what a promo makes of it: never below zero, always two decimals. */
public final class PriceList {

    private final Map<AuthType, BigDecimal> monthlyFees;

    public PriceList(Map<AuthType, BigDecimal> monthlyFees) {
        for (AuthType type : AuthType.values()) {
            if (!monthlyFees.containsKey(type)) {
                throw new IllegalArgumentException("No monthly fee for " + type);
            }
        }
        this.monthlyFees = new EnumMap<>(monthlyFees);
    }

    public BigDecimal monthlyFee(AuthType type, @Nullable Promo promo) {
        BigDecimal fee = monthlyFees.get(type);
        if (promo != null && promo.appliesTo(type)) {
            fee = promo.applyTo(fee);
        }
        return fee.max(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP);
    }
}
