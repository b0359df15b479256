package io.extauth.order.pricing;

import io.extauth.contract.AuthType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What makes a promo definition sound, reported all at once so an operator fixes everything in one go. */
public final class PromoRules {

    public static final Pattern CODE = Pattern.compile("^[A-Z0-9_-]{1,32}$");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** More entries than any sound list of the types needs. */
    static final int MAX_APPLIES_TO = 8;
    private static final int ECHOED_CHARACTERS = 32;

    /** One problem with one field of a promo definition. */
    public record Problem(String field, String code, String message) {
    }

    private PromoRules() {
    }

    public static List<Problem> problems(String code, @Nullable BigDecimal percentOff, @Nullable BigDecimal amountOff,
            @Nullable LocalDate validFrom, @Nullable LocalDate validUntil, @Nullable List<String> appliesTo) {
        List<Problem> problems = new ArrayList<>();
        if (!CODE.matcher(code).matches()) {
            problems.add(new Problem("code", "INVALID_FORMAT",
                    "A promo code has 1 to 32 upper-case letters, digits, '_' or '-'"));
        }
        if ((percentOff == null) == (amountOff == null)) {
            problems.add(new Problem("percentOff", "ONE_DISCOUNT_REQUIRED",
                    "Give exactly one of percentOff and amountOff"));
        }
        if (percentOff != null && (percentOff.signum() <= 0 || percentOff.compareTo(HUNDRED) > 0
                || percentOff.scale() > 2)) {
            problems.add(new Problem("percentOff", "OUT_OF_RANGE",
                    "percentOff is more than 0 and at most 100, with at most two decimals"));
        }
        if (amountOff != null && (amountOff.signum() <= 0 || amountOff.scale() > 2
                || amountOff.precision() - amountOff.scale() > 8)) {
            problems.add(new Problem("amountOff", "OUT_OF_RANGE",
                    "amountOff is a positive amount below 100000000 (8 digits before the point) with at most two "
                            + "decimals"));
        }
        if (validFrom == null) {
            problems.add(new Problem("validFrom", "REQUIRED", "validFrom is the first day the promo applies"));
        }
        if (validUntil == null) {
            problems.add(new Problem("validUntil", "REQUIRED", "validUntil is the last day the promo applies"));
        }
        if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
            problems.add(new Problem("validUntil", "BEFORE_VALID_FROM", "validUntil cannot be before validFrom"));
        }
        if (appliesTo == null || appliesTo.isEmpty()) {
            problems.add(new Problem("appliesTo", "REQUIRED", "Name the types the promo applies to: "
                    + List.of(AuthType.values())));
        } else if (appliesTo.size() > MAX_APPLIES_TO) {
            // one problem for a list far too long, not one per entry: a 64 KiB body of blank entries would be answered
            // with a megabyte of problems
            problems.add(new Problem("appliesTo", "TOO_MANY", "appliesTo has at most " + MAX_APPLIES_TO
                    + " entries, of " + List.of(AuthType.values())));
        } else {
            appliesTo.stream().filter(type -> !isType(type)).distinct().forEach(type -> problems.add(new Problem(
                    "appliesTo", "INVALID_VALUE", quoted(type) + " is not one of " + List.of(AuthType.values()))));
        }
        return problems;
    }

    /** A value the operator sent, quoted back at most {@value #ECHOED_CHARACTERS} characters long. */
    private static String quoted(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        return "'" + (value.length() > ECHOED_CHARACTERS ? value.substring(0, ECHOED_CHARACTERS) + "…" : value) + "'";
    }

    static boolean isType(@Nullable String value) {
        if (value == null) {
            return false;
        }
        for (AuthType type : AuthType.values()) {
            if (type.name().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
