package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

class EndpointDeclarationsUnitTest {

    static class TinyController {

        @PreAuthorize("hasRole('OPERATOR')")
        public String declared() {
            return "";
        }

        public String forgotten() {
            return "";
        }

        @PublicEndpoint("a signature")
        public String callback() {
            return "";
        }

        @PublicEndpoint("a signature, but the path is not one the filter chain lets through")
        public String misplacedCallback() {
            return "";
        }
    }

    @PreAuthorize("hasRole('ADMIN')")
    static class DeclaredOnTheClass {

        public String any() {
            return "";
        }
    }

    @Test
    void aHandlerWithoutADeclarationIsListedWithItsPathAndMethod() {
        List<String> undeclared = EndpointDeclarations.undeclared(handlers(Map.of(
                "/api/declared", handler(new TinyController(), "declared"),
                "/api/forgotten", handler(new TinyController(), "forgotten"),
                "/api/class-level", handler(new DeclaredOnTheClass(), "any"))));

        assertThat(undeclared).singleElement().asString()
                .contains("/api/forgotten", "TinyController#forgotten", "no @PreAuthorize");
    }

    @Test
    void aPublicEndpointIsDeclaredOnlyUnderTheCallbackPaths() {
        List<String> undeclared = EndpointDeclarations.undeclared(handlers(Map.of(
                "/callbacks/telephony", handler(new TinyController(), "callback"),
                "/api/not-a-callback", handler(new TinyController(), "misplacedCallback"))));

        assertThat(undeclared).singleElement().asString().contains("/api/not-a-callback", "@PublicEndpoint outside");
    }

    @Test
    void aLibrarysHandlerIsDeclaredOnlyUnderThePathsTheFilterChainDeclares() {
        Object library = new java.util.ArrayList<String>();
        List<String> undeclared = EndpointDeclarations.undeclared(handlers(Map.of(
                "/v3/api-docs", handler(library, "isEmpty"),
                "/library/elsewhere", handler(library, "size"))));

        assertThat(undeclared).singleElement().asString().contains("/library/elsewhere", "library");
    }

    private static Map<RequestMappingInfo, HandlerMethod> handlers(Map<String, HandlerMethod> byPath) {
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
        byPath.forEach((path, handler) -> handlers.put(RequestMappingInfo.paths(path).build(), handler));
        return handlers;
    }

    private static HandlerMethod handler(Object bean, String method) {
        try {
            return new HandlerMethod(bean, bean.getClass().getMethod(method));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
