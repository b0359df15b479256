package io.extauth.service.security;

import static io.extauth.service.security.Role.ADMIN;
import static io.extauth.service.security.Role.OPERATOR;
import static io.extauth.service.security.Role.PORTAL;
import static io.extauth.service.security.Role.VPN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

class EndpointDeclarationsUnitTest {

    static class TinyController {

        @Callers(OPERATOR)
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

    @Callers(ADMIN)
    static class DeclaredOnTheClass {

        public String any() {
            return "";
        }

        @Callers({OPERATOR, ADMIN})
        public String overridden() {
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
                .contains("/api/forgotten", "TinyController#forgotten", "no @Callers");
    }

    record Named(@Nullable String accountId) implements NamesAccount {
    }

    record Unnamed(@Nullable String accountId) {
    }

    static class ScopedController {

        @Callers(value = {PORTAL, VPN}, accountInBody = true)
        public String named(@RequestBody Named body) {
            return "";
        }

        @Callers(value = {PORTAL, VPN}, accountInBody = true)
        public String unnamed(@RequestBody Unnamed body) {
            return "";
        }

        @Callers(value = {PORTAL, VPN}, accountInBody = true)
        public String withoutBody() {
            return "";
        }
    }

    @Test
    void anAccountInTheBodyIsDeclaredOnlyWithABodyThatNamesOne() {
        List<String> undeclared = EndpointDeclarations.undeclared(handlers(Map.of(
                "/api/named", handler(new ScopedController(), "named", Named.class),
                "/api/unnamed", handler(new ScopedController(), "unnamed", Unnamed.class),
                "/api/without-body", handler(new ScopedController(), "withoutBody"))));

        assertThat(undeclared).hasSize(2).allMatch(line -> line.contains("without a @RequestBody that implements "
                + "NamesAccount")).noneMatch(line -> line.contains("/api/named"));
    }

    @Test
    void theCallersOfEveryHandlerOfOursAreListedByMethodAndPathTheMethodsOwnRuleWinning() {
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
        handlers.put(RequestMappingInfo.paths("/api/declared").methods(RequestMethod.GET).build(),
                handler(new TinyController(), "declared"));
        handlers.put(RequestMappingInfo.paths("/api/class-level").methods(RequestMethod.PUT).build(),
                handler(new DeclaredOnTheClass(), "any"));
        handlers.put(RequestMappingInfo.paths("/api/overridden").methods(RequestMethod.POST).build(),
                handler(new DeclaredOnTheClass(), "overridden"));
        handlers.put(RequestMappingInfo.paths("/api/named").methods(RequestMethod.POST).build(),
                handler(new ScopedController(), "named", Named.class));
        handlers.put(RequestMappingInfo.paths("/callbacks/telephony").methods(RequestMethod.POST).build(),
                handler(new TinyController(), "callback"));
        handlers.put(RequestMappingInfo.paths("/v3/api-docs").build(), handler(new java.util.ArrayList<>(), "size"));

        assertThat(EndpointDeclarations.callers(handlers)).containsExactly(
                Map.entry("GET /api/declared", "OPERATOR"),
                Map.entry("POST /api/named", "PORTAL, VPN + the account the body names"),
                Map.entry("POST /api/overridden", "OPERATOR, ADMIN"),
                Map.entry("POST /callbacks/telephony", "signed: a signature"),
                Map.entry("PUT /api/class-level", "ADMIN"));
    }

    @Test
    void aPublicEndpointIsDeclaredOnlyUnderTheCallbackPathsAndAtTheErrorPage() {
        List<String> undeclared = EndpointDeclarations.undeclared(handlers(Map.of(
                "/callbacks/telephony", handler(new TinyController(), "callback"),
                "/error", handler(new TinyController(), "misplacedCallback"),
                "/api/not-a-callback", handler(new TinyController(), "misplacedCallback"),
                "/errors-and-more", handler(new TinyController(), "misplacedCallback"))));

        assertThat(undeclared).hasSize(2).allSatisfy(problem -> assertThat(problem).contains("@PublicEndpoint outside"))
                .anySatisfy(problem -> assertThat(problem).contains("/api/not-a-callback"))
                .anySatisfy(problem -> assertThat(problem).contains("/errors-and-more"));
    }

    @Test
    void theErrorPageIsNoEndpointInTheTableOfCallers() {
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
        handlers.put(RequestMappingInfo.paths("/error").build(), handler(new TinyController(), "callback"));
        handlers.put(RequestMappingInfo.paths("/api/declared").methods(RequestMethod.GET).build(),
                handler(new TinyController(), "declared"));

        assertThat(EndpointDeclarations.callers(handlers)).containsOnlyKeys("GET /api/declared");
    }

    @Test
    void aLibrarysHandlerIsDeclaredOnlyUnderThePathsTheFilterChainDeclares() {
        Object library = new org.springframework.boot.SpringApplication();
        List<String> undeclared = EndpointDeclarations.undeclared(handlers(Map.of(
                "/v3/api-docs", handler(library, "getMainApplicationClass"),
                "/library/elsewhere", handler(library, "getWebApplicationType"))));

        assertThat(undeclared).singleElement().asString().contains("/library/elsewhere", "library");
    }

    @Test
    void aHandlerOfALibraryThePathRulesWereNotWrittenForFailsTheBuildWhereverItSits() {
        // at run time it is closed to every token (CallerRule): the build says so instead of a 403 for all
        Object unknown = new java.util.ArrayList<String>();
        List<String> undeclared = EndpointDeclarations.undeclared(handlers(Map.of(
                "/v3/api-docs", handler(unknown, "isEmpty"))));

        assertThat(undeclared).singleElement().asString().contains("/v3/api-docs", "java.util.ArrayList");
    }

    private static Map<RequestMappingInfo, HandlerMethod> handlers(Map<String, HandlerMethod> byPath) {
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
        byPath.forEach((path, handler) -> handlers.put(RequestMappingInfo.paths(path).build(), handler));
        return handlers;
    }

    private static HandlerMethod handler(Object bean, String method, Class<?>... parameters) {
        try {
            return new HandlerMethod(bean, bean.getClass().getMethod(method, parameters));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
