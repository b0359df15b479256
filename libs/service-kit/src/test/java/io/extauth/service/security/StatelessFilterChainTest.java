package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;

/**
 * The security filter chain of a stateless bearer-token API: only the filters that do something for it, and what
 * they do (401 and 403 as problems, the security headers, no session) still done.
 */
class StatelessFilterChainTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class))
            .withPropertyValues("spring.security.oauth2.resourceserver.jwt.public-key-location="
                    + TestJwt.publicKeyLocation(), "extauth.security.jwt.issuer=" + TestJwt.ISSUER);

    @Test
    void theChainHoldsOnlyTheFiltersAStatelessBearerTokenApiUses() {
        runner.run(context -> assertThat(context.getBean(SecurityFilterChain.class).getFilters())
                .extracting(Object::getClass).map(Class::getSimpleName)
                .containsExactly(WebAsyncManagerIntegrationFilter.class.getSimpleName(),
                        SecurityContextHolderFilter.class.getSimpleName(),
                        HeaderWriterFilter.class.getSimpleName(),
                        BearerTokenAuthenticationFilter.class.getSimpleName(),
                        SecurityContextHolderAwareRequestFilter.class.getSimpleName(),
                        ExceptionTranslationFilter.class.getSimpleName(),
                        AuthorizationFilter.class.getSimpleName()));
    }

    @Test
    void aRequestWithoutATokenIsA401ProblemWithTheSecurityHeadersAndNoSession() {
        runner.run(context -> {
            MockHttpServletRequest request = request("GET", "/api/anything", null);
            MockHttpServletResponse response = through(context, request, (req, res) -> { });

            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(response.getContentAsString()).contains("\"detail\":\"A valid bearer token is required\"");
            assertSecurityHeaders(response);
            assertThat(request.getSession(false)).isNull();
        });
    }

    @Test
    void aBadTokenIsA401ProblemThatSaysWhatWasWrong() {
        runner.run(context -> {
            MockHttpServletResponse response = through(context,
                    request("GET", "/api/anything", TestJwt.signedByStranger("PORTAL")), (req, res) -> { });

            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(response.getContentAsString()).contains("A valid bearer token is required: ");
            assertSecurityHeaders(response);
        });
    }

    @Test
    void aTokenWithoutTheRoleAPathRuleNeedsIsA403ProblemNamingTheRoles() {
        runner.run(context -> {
            MockHttpServletResponse response = through(context,
                    request("GET", "/actuator/metrics", TestJwt.portal()), (req, res) -> { });

            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(response.getContentAsString())
                    .contains("needs a token with the role OPERATOR; this token has the role PORTAL");
            assertSecurityHeaders(response);
        });
    }

    @Test
    void aValidTokenReachesTheHandlerWithItsRolesAndLeavesNeitherSessionNorContextBehind() {
        runner.run(context -> {
            AtomicReference<Authentication> seen = new AtomicReference<>();
            MockHttpServletRequest request = request("POST", "/api/challenges", TestJwt.vpn());
            MockHttpServletResponse response = through(context, request,
                    (req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));

            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(seen.get().getName()).isEqualTo("vpn-gateway");
            assertThat(seen.get().getAuthorities()).extracting(GrantedAuthority::getAuthority)
                    .containsExactlyInAnyOrder("ROLE_VPN", "FACTOR_BEARER");
            assertSecurityHeaders(response);
            assertThat(request.getSession(false)).isNull();
            assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        });
    }

    @Test
    void theHandlerCanAskTheRequestForTheCallersRolesAsTheActuatorDoes() {
        runner.run(context -> {
            AtomicReference<Boolean> operator = new AtomicReference<>();
            through(context, request("GET", "/actuator/health", TestJwt.operator()),
                    (req, res) -> operator.set(((HttpServletRequest) req).isUserInRole("OPERATOR")));

            assertThat(operator.get()).isTrue();
        });
    }

    @Test
    void healthAndTheSignedCallbacksNeedNoToken() {
        runner.run(context -> {
            assertThat(through(context, request("GET", "/actuator/health", null), (req, res) -> { }).getStatus())
                    .isEqualTo(200);
            assertThat(through(context, request("POST", "/callbacks/telephony", null), (req, res) -> { })
                    .getStatus()).isEqualTo(200);
        });
    }

    private static MockHttpServletRequest request(String method, String path, String token) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static MockHttpServletResponse through(ApplicationContext context, MockHttpServletRequest request,
            FilterChain handler) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        context.getBean("springSecurityFilterChain", Filter.class).doFilter(request, response, handler);
        return response;
    }

    private static void assertSecurityHeaders(MockHttpServletResponse response) {
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.getHeader("Cache-Control")).contains("no-store");
    }
}
