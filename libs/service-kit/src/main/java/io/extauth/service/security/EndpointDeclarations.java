package io.extauth.service.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * Finds the request handlers that do not say who may call them. Every handler of ours declares its callers with
 * {@code @PreAuthorize} (on the method or its class) or, for a callback, {@link PublicEndpoint}; a library's handler
 * must sit under a path the filter chain declares ({@link SecurityAutoConfiguration#LIBRARY_PATHS}). Each service's
 * tests call this with all its handler mappings, so a new endpoint without a declaration fails the build.
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

    private static @Nullable String problemOf(HandlerMethod handler, Set<String> paths) {
        if (!handler.getBeanType().getName().startsWith(OUR_PACKAGE)) {
            return paths.stream().allMatch(EndpointDeclarations::declaredInFilterChain) ? null
                    : "a library's handler outside the paths the filter chain declares";
        }
        if (handler.hasMethodAnnotation(PublicEndpoint.class)) {
            return paths.stream().allMatch(path -> path.startsWith(CALLBACK_PREFIX)) ? null
                    : "@PublicEndpoint outside " + SecurityAutoConfiguration.CALLBACK_PATHS
                            + ", where the filter chain still asks for a token";
        }
        boolean declared = handler.hasMethodAnnotation(PreAuthorize.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), PreAuthorize.class);
        return declared ? null : "no @PreAuthorize on the method or its class";
    }

    private static boolean declaredInFilterChain(String path) {
        return SecurityAutoConfiguration.LIBRARY_PATHS.stream().anyMatch(path::startsWith);
    }
}
