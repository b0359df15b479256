package io.extauth.service.security;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * One handler's access rule, read once from its {@link Callers} and kept ({@link CallerRules}): checking it is a
 * walk over the token's few authorities, with no expression, proxy or allocation. A handler of ours that declares
 * nothing is closed to everyone (its build already fails, {@link EndpointDeclarations}); a signed callback
 * ({@link PublicEndpoint}) and the handlers of the libraries the filter chain's path rules were written for (the API
 * documents, Springwolf, Spring's own: the error page, the actuator) are left to those rules. Any other library's
 * handler is closed too: a controller a new dependency brings in is open to no token until it is declared.
 */
final class CallerRule {

    private static final String OUR_PACKAGE = "io.extauth.";
    /**
     * The libraries whose handlers the filter chain's path rules answer for: the API documents, Springwolf and Spring
     * Boot's own (not every project of Spring's: Spring Data REST's or Spring Integration's controllers would be new).
     */
    static final List<String> KNOWN_LIBRARIES = List.of("org.springdoc.", "io.github.springwolf.",
            "org.springframework.boot.");

    /** A library's handler or a signed callback: the filter chain's path rules decide, nothing is checked here. */
    static final CallerRule FILTER_CHAIN = new CallerRule(false, List.of(), false);

    private final boolean checked;
    private final List<Role> roles;
    private final boolean accountInBody;
    private final Set<String> authorities;
    private final AuthorityAuthorizationDecision refusal;

    private CallerRule(boolean checked, List<Role> roles, boolean accountInBody) {
        this.checked = checked;
        this.roles = List.copyOf(roles);
        this.accountInBody = accountInBody;
        this.authorities = roles.stream().map(Role::authority).collect(Collectors.toUnmodifiableSet());
        // in the order declared, for the 403's "needs a token with the role PORTAL or VPN"
        this.refusal = new AuthorityAuthorizationDecision(false,
                AuthorityUtils.createAuthorityList(roles.stream().map(Role::authority).toList()));
    }

    /** The rule of a handler method: its own {@link Callers}, else its class's. */
    static CallerRule of(Method method, Class<?> beanType) {
        Callers callers = AnnotatedElementUtils.findMergedAnnotation(method, Callers.class);
        if (callers == null) {
            callers = AnnotatedElementUtils.findMergedAnnotation(beanType, Callers.class);
        }
        if (callers != null) {
            return new CallerRule(true, List.of(callers.value()), callers.accountInBody());
        }
        boolean ours = beanType.getName().startsWith(OUR_PACKAGE);
        if (ours && AnnotatedElementUtils.hasAnnotation(method, PublicEndpoint.class) || !ours && known(beanType)) {
            return FILTER_CHAIN;
        }
        return new CallerRule(true, List.of(), false);
    }

    /** Whether the handler is one of a library the filter chain's path rules answer for. */
    static boolean known(Class<?> beanType) {
        return KNOWN_LIBRARIES.stream().anyMatch(beanType.getName()::startsWith);
    }

    /** Whether this handler's callers are checked here (declared by {@link Callers}, or ours and undeclared). */
    boolean checked() {
        return checked;
    }

    /** The roles that may call, in the order declared; empty for an undeclared handler of ours. */
    List<Role> roles() {
        return roles;
    }

    /** Whether the body's account is checked too ({@link Callers#accountInBody()}). */
    boolean accountInBody() {
        return accountInBody;
    }

    /** Refuses a caller without one of the roles; as {@code hasAnyRole} did, only the token's authorities count. */
    void check(@Nullable Authentication caller) {
        if (checked && !holdsOneRole(caller)) {
            throw refused();
        }
    }

    /**
     * Refuses with 403 a caller who may not act on the account the body names (an admin of another account), saying
     * so ({@link AccountAccess#requireAccount}): the token's roles are right, its account is not. A body that names
     * none passes: the handler's own validation refuses it.
     */
    void checkAccount(@Nullable String accountId) {
        if (accountInBody && accountId != null && !accountId.isBlank()) {
            AccountAccess.requireAccount(accountId);
        }
    }

    private boolean holdsOneRole(@Nullable Authentication caller) {
        if (caller == null) {
            return false;
        }
        for (GrantedAuthority held : caller.getAuthorities()) {
            if (authorities.contains(held.getAuthority())) {
                return true;
            }
        }
        return false;
    }

    private AuthorizationDeniedException refused() {
        return new AuthorizationDeniedException(roles.isEmpty()
                ? "This endpoint declares no callers (no @Callers on its handler), so no one may call it."
                : "Access Denied", refusal);
    }

    @Override
    public String toString() {
        if (!checked) {
            return "the filter chain's path rules";
        }
        return roles.isEmpty() ? "no one (undeclared)" : roles.stream().map(Role::name)
                .collect(Collectors.joining(", ")) + (accountInBody ? " + the account the body names" : "");
    }
}
