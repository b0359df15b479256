package io.extauth.order.intake.adapter;

import io.extauth.order.intake.OrderValidator;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Role;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which count of {@link PromoMisses} a portal order's promo code goes to: the calling token's {@code sub} and the
 * account it acts for. An admin acts for its own account only ({@link AccountAccess#mayActOn}), so its count is that
 * account's whatever the body names, or whether it names one: an order without {@code accountId} (which passes the
 * account check and is rejected {@code REQUIRED}, with its promo judged all the same) was a second count of ten more
 * codes. The portal's and billing's tokens act for every account, so theirs is the account the order names, when that
 * is an account id at all: a malformed or over-long one names no account (the order is rejected for it), and counted
 * under it each was a row of its own; one of 3 KB failed the count's index ({@code promo_miss_by_caller}, at most
 * 2,704 bytes a row) and the order was answered 503 `database-unavailable` instead of its 422.
 */
final class PromoMissBuckets {

    /** The count of an admin whose token names no account: it acts on none, and orders only what is rejected. */
    static final String NO_ACCOUNT = "(no account)";

    private PromoMissBuckets() {
    }

    /** The calling token's count for an order naming {@code namedAccount}; empty when there is none to count in. */
    static Optional<String> of(@Nullable String namedAccount) {
        String caller = AccountAccess.callerName();
        if (AccountAccess.callerHasRole(Role.ADMIN)) {
            return Optional.of(caller + " for " + AccountAccess.callerAccount().orElse(NO_ACCOUNT));
        }
        return OrderValidator.isUsableId(namedAccount) ? Optional.of(caller + " for " + namedAccount)
                : Optional.empty();
    }
}
