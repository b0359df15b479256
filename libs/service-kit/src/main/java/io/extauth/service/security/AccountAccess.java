package io.extauth.service.security;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.ErrorResponseException;

/**
 * Who the caller is and which accounts they may touch: an admin only their own, a VPN gateway whose token names an
 * account ({@code accountId}) only that one, the other roles any. To such a caller, another account's things look
 * missing: asking for them answers the same 404 as asking for something that does not exist, so it cannot learn what
 * exists in other accounts.
 */
public final class AccountAccess {

    public static final String ACCOUNT_CLAIM = "accountId";
    /** The problem type of {@link #requireVisibleAccount}. */
    public static final URI NO_SUCH_ACCOUNT_USER = URI.create("https://extauth.io/problems/no-such-account-user");

    private AccountAccess() {
    }

    /**
     * Whether the caller may see and act on this account: false for an admin of another account (an admin's token
     * without an account acts on none), and for a VPN gateway's token that names another account. A gateway that
     * serves one customer's users gets a token naming that account, so the token, if stolen, cannot challenge (and
     * lock) the users of every account; a gateway shared by many accounts gets one without.
     */
    public static boolean mayActOn(String accountId) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        Optional<String> own = accountOf(caller);
        if (hasRole(caller, Role.ADMIN) || hasRole(caller, Role.VPN) && own.isPresent()) {
            return accountId.equals(own.orElse(null));
        }
        return true;
    }

    /**
     * Refuses with 403 when the caller is an admin or a VPN gateway of another account. For requests that create something in the
     * named account, where nothing existing is revealed; a request about something that may exist uses
     * {@link #requireVisible} or {@link #requireVisibleAccount} instead.
     */
    public static void requireAccount(String accountId) {
        if (!mayActOn(accountId)) {
            throw new AccessDeniedException((callerHasRole(Role.ADMIN) ? "An admin" : "A VPN gateway") + " of account "
                    + callerAccount().orElse("(none)") + " cannot act on account " + accountId);
        }
    }

    /** For a thing found by its id: another account's is answered with the thing's own "missing" problem. */
    public static void requireVisible(String accountId, Supplier<? extends RuntimeException> asMissing) {
        if (!mayActOn(accountId)) {
            throw asMissing.get();
        }
    }

    /**
     * For a request about a user of the named account: another account's user is 404 whether or not the user
     * exists there, so the answer says nothing about who exists in other accounts.
     */
    public static void requireVisibleAccount(String accountId) {
        requireVisible(accountId, () -> noSuchAccountUser(accountId));
    }

    /** The 404 problem of {@link #requireVisibleAccount}. */
    public static ErrorResponseException noSuchAccountUser(String accountId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "There is no such user in account " + accountId + " for this caller.");
        problem.setType(NO_SUCH_ACCOUNT_USER);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    /** The caller's name for events and audit ({@code sub} of the token). */
    public static String callerName() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller == null ? "anonymous" : caller.getName();
    }

    public static Optional<String> callerAccount() {
        return accountOf(SecurityContextHolder.getContext().getAuthentication());
    }

    public static boolean callerHasRole(Role role) {
        return hasRole(SecurityContextHolder.getContext().getAuthentication(), role);
    }

    private static boolean hasRole(Authentication caller, Role role) {
        return caller != null && caller.getAuthorities().stream()
                .anyMatch(a -> role.authority().equals(a.getAuthority()));
    }

    private static Optional<String> accountOf(Authentication caller) {
        if (caller instanceof JwtAuthenticationToken jwt) {
            return Optional.ofNullable(jwt.getToken().getClaimAsString(ACCOUNT_CLAIM));
        }
        return Optional.empty();
    }
}
