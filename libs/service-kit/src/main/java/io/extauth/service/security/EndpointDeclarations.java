package io.extauth.service.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * Finds the request handlers that do not say who may call them. Every handler of ours declares its callers with
 * {@link Callers} (on the method or its class) or, for a callback, {@link PublicEndpoint}; a library's handler must be
 * one of the libraries the filter chain's path rules were written for ({@link CallerRule#known}) and sit under a path
 * the filter chain declares ({@link SecurityAutoConfiguration#LIBRARY_PATHS}). Each service's tests call
 * this with all its handler mappings, so a new endpoint without a declaration fails the build, and compare
 * {@link #callers} with the table of who may call what.
 */
public final class EndpointDeclarations {

    private static final String OUR_PACKAGE = "io.extauth.";
    private static final String CALLBACK_PREFIX = SecurityAutoConfiguration.CALLBACK_PATHS.replace("/**", "/");

    private EndpointDeclarations() {
    }

    /** One line per handler that declares no callers, with its paths and method, e.g. for an assertion message. */
    public static List<String> undeclared(Map<RequestMappingInfo, HandlerMethod> handlers) {
        List<String> undeclared = new ArrayList<>();
        handlers.forEach((mapping, handler) -> {
            String problem = problemOf(handler, mapping.getPatternValues());
            if (problem != null) {
                undeclared.add(mapping + " -> " + handler.getBeanType().getName() + "#"
                        + handler.getMethod().getName() + ": " + problem);
            }
        });
        return undeclared;
    }

    /**
     * Who may call each handler of ours, by its HTTP methods and paths: e.g. {@code "POST /api/challenges" ->
     * "PORTAL, VPN + the account the body names"}, a signed callback as {@code "signed: <how>"}. For a test that pins
     * the whole table of a service.
     */
    public static SortedMap<String, String> callers(Map<RequestMappingInfo, HandlerMethod> handlers) {
        SortedMap<String, String> callers = new TreeMap<>();
        handlers.forEach((mapping, handler) -> {
            if (handler.getBeanType().getName().startsWith(OUR_PACKAGE)) {
                String methods = mapping.getMethodsCondition().getMethods().stream().map(Enum::name).sorted()
                        .collect(Collectors.joining(","));
                PublicEndpoint open = handler.getMethodAnnotation(PublicEndpoint.class);
                String rule = open != null ? "signed: " + open.value()
                        : CallerRule.of(handler.getMethod(), handler.getBeanType()).toString();
                // the error page answers the container's error dispatch only: no caller calls it (directly, a 404)
                mapping.getPatternValues().stream().filter(path -> !path.equals(SecurityAutoConfiguration.ERROR_PATH))
                        .forEach(path -> callers.put(methods + " " + path, rule));
            }
        });
        return callers;
    }

    private static @Nullable String problemOf(HandlerMethod handler, Set<String> paths) {
        if (!handler.getBeanType().getName().startsWith(OUR_PACKAGE)) {
            if (!CallerRule.known(handler.getBeanType())) {
                // closed to every token at run time (CallerRule): the build says so instead of a 403 for all
                return "a handler of a library the filter chain's path rules were not written for";
            }
            return paths.stream().allMatch(EndpointDeclarations::declaredInFilterChain) ? null
                    : "a library's handler outside the paths the filter chain declares";
        }
        if (handler.hasMethodAnnotation(PublicEndpoint.class)) {
            return paths.stream().allMatch(path -> path.startsWith(CALLBACK_PREFIX)
                    || path.equals(SecurityAutoConfiguration.ERROR_PATH)) ? null
                    : "@PublicEndpoint outside " + SecurityAutoConfiguration.CALLBACK_PATHS + " and "
                            + SecurityAutoConfiguration.ERROR_PATH + ", where the filter chain still asks for a token";
        }
        CallerRule rule = CallerRule.of(handler.getMethod(), handler.getBeanType());
        if (rule.roles().isEmpty()) {
            return "no @Callers (with a role) on the method or its class";
        }
        if (rule.accountInBody() && Arrays.stream(handler.getMethodParameters()).noneMatch(
                EndpointDeclarations::isBodyNamingAnAccount)) {
            return "@Callers(accountInBody = true) without a @RequestBody that implements NamesAccount, so no "
                    + "account would be checked";
        }
        return null;
    }

    private static boolean isBodyNamingAnAccount(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(RequestBody.class)
                && NamesAccount.class.isAssignableFrom(parameter.getParameterType());
    }

    private static boolean declaredInFilterChain(String path) {
        return SecurityAutoConfiguration.LIBRARY_PATHS.stream().anyMatch(path::startsWith);
    }
}
