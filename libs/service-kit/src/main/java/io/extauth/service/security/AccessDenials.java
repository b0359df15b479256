package io.extauth.service.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The detail of a 403: Spring Security says only "Access Denied", which leaves a caller guessing whether the token,
 * the role or the account is wrong. A refusal by role names the roles the endpoint allows (its handler's
 * {@link Callers} or the filter chain's rule) and the roles the token carries; a refusal with its own message (an
 * admin of another account, a VPN gateway's portal challenge) keeps that message.
 */
public final class AccessDenials {

    private static final String ROLE_PREFIX = "ROLE_";

    private AccessDenials() {
    }

    public static String detail(AccessDeniedException e) {
        Set<String> needed = e instanceof AuthorizationDeniedException denied ? rolesNeeded(denied) : Set.of();
        if (needed.isEmpty()) {
            return e.getMessage() == null ? "Access Denied" : e.getMessage();
        }
        return "This endpoint needs a token with the role " + String.join(" or ", needed)
                + "; this token has " + describe(rolesHeld()) + ".";
    }

    private static Set<String> rolesNeeded(AuthorizationDeniedException denied) {
        AuthorizationResult result = denied.getAuthorizationResult();
        Set<String> roles = new LinkedHashSet<>();
        if (result instanceof AuthorityAuthorizationDecision authorities) {
            authorities.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .map(authority -> authority.startsWith(ROLE_PREFIX)
                            ? authority.substring(ROLE_PREFIX.length()) : authority)
                    .forEach(roles::add);
        }
        return roles;
    }

    private static Set<String> rolesHeld() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        Collection<? extends GrantedAuthority> authorities = caller == null ? Set.of() : caller.getAuthorities();
        Set<String> roles = new TreeSet<>();
        for (GrantedAuthority authority : authorities) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith(ROLE_PREFIX)) {
                roles.add(name.substring(ROLE_PREFIX.length()));
            }
        }
        return roles;
    }

    private static String describe(Set<String> roles) {
        return roles.isEmpty() ? "no role" : "the role" + (roles.size() > 1 ? "s " : " ") + String.join(", ", roles);
    }
}
