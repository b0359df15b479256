package io.extauth.service.security;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who the caller is and which accounts they may touch: an admin only their own, the other roles any. */
public final class AccountAccess {

    public static final String ACCOUNT_CLAIM = "accountId";

    private AccountAccess() {
    }

    /** Refuses with 403 when the caller is an admin of another account. */
    public static void requireAccount(String accountId) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (hasRole(caller, Roles.ADMIN) && !accountId.equals(accountOf(caller).orElse(null))) {
            throw new AccessDeniedException("An admin of account " + accountOf(caller).orElse("(none)")
                    + " cannot act on account " + accountId);
        }
    }

    /** The caller's name for events and audit ({@code sub} of the token). */
    public static String callerName() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller == null ? "anonymous" : caller.getName();
    }

    public static Optional<String> callerAccount() {
        return accountOf(SecurityContextHolder.getContext().getAuthentication());
    }

    public static boolean callerHasRole(String role) {
        return hasRole(SecurityContextHolder.getContext().getAuthentication(), role);
    }

    private static boolean hasRole(Authentication caller, String role) {
        return caller != null && caller.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + role));
    }

    private static Optional<String> accountOf(Authentication caller) {
        if (caller instanceof JwtAuthenticationToken jwt) {
            return Optional.ofNullable(jwt.getToken().getClaimAsString(ACCOUNT_CLAIM));
        }
        return Optional.empty();
    }
}
