package io.extauth.order.pricing;

import io.extauth.contract.AuthType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A promo code: either a percentage or a fixed amount off the monthly fee, valid on the days from {@code validFrom}
 * to {@code validUntil} (both included), for the types it names.
 */
public record Promo(String code, @Nullable BigDecimal percentOff, @Nullable BigDecimal amountOff, LocalDate validFrom,
        LocalDate validUntil, Set<AuthType> appliesTo) {

    public Promo {
        appliesTo = Set.copyOf(appliesTo);
    }

    /** Promo codes are matched without regard to case and surrounding blanks; this is their one spelling. */
    public static String normalize(String code) {
        return code.strip().toUpperCase(Locale.ROOT);
    }

    public boolean isValidOn(LocalDate day) {
        return !day.isBefore(validFrom) && !day.isAfter(validUntil);
    }

    public boolean appliesTo(AuthType type) {
        return appliesTo.contains(type);
    }

    /** The fee after this promo; may be negative when the amount off exceeds the fee (the price list floors it). */
    BigDecimal applyTo(BigDecimal fee) {
        if (percentOff != null) {
            return fee.subtract(fee.multiply(percentOff).movePointLeft(2));
        }
        return amountOff == null ? fee : fee.subtract(amountOff);
    }
}
