package io.extauth.service.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a request handler: a token with any one of these roles. On the method, or on its class for all its
 * handlers (the method's own wins). Checked once per request, after the handler is found and before its arguments are
 * read ({@link CallerRules}); a refusal is a 403 problem that names these roles and the token's ({@link AccessDenials}).
 * {@link EndpointDeclarations} fails the build for a handler of ours that declares neither this nor
 * {@link PublicEndpoint}.
 */
@Documented
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Callers {

    /** The roles that may call; a token needs one of them. */
    Role[] value();

    /**
     * Whether the request body names the account the request acts on ({@link NamesAccount}), which the caller must
     * be allowed to act on (an admin only their own, {@link AccountAccess#mayActOn}). Checked as the body is read,
     * before the handler runs; refused as a wrong role is. A body that names no account passes here and is refused by
     * the handler's own validation.
     */
    boolean accountInBody() default false;
}
