package io.extauth.service.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a handler that needs no bearer token because it authenticates the request itself (a vendor callback's
 * signature), or because it only answers for a request the filter chain has already judged (the error page). Only
 * valid under {@link SecurityAutoConfiguration#CALLBACK_PATHS} and at {@link SecurityAutoConfiguration#ERROR_PATH},
 * the paths the filter chain lets through without a token; {@link EndpointDeclarations} refuses it anywhere else.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface PublicEndpoint {

    /** How the handler authenticates its caller instead of a token. */
    String value();
}
