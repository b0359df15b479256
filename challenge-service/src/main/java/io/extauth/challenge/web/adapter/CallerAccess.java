package io.extauth.challenge.web.adapter;

import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Roles;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** Which account a request is about: the {@code accountId} parameter, or an admin's own account by default. */
public final class CallerAccess {

    private CallerAccess() {
    }

    /**
     * The account to act on, after checking the caller may act on it: to an admin of another account the user is not
     * there (404), whether or not it exists.
     */
    public static String account(@Nullable String accountId) {
        String account = accountId;
        if (account == null || account.isBlank()) {
            account = AccountAccess.callerHasRole(Roles.ADMIN) ? AccountAccess.callerAccount().orElse(null) : null;
        }
        if (account == null || account.isBlank()) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, "account-required",
                    "Name the account with the accountId query parameter.");
        }
        AccountAccess.requireVisibleAccount(account);
        return account;
    }
}
