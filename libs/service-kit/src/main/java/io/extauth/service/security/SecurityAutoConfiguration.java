package io.extauth.service.security;

import io.extauth.service.problem.ProblemWriter;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Every endpoint but health (and the vendor callbacks, which carry an HMAC signature instead) needs a bearer token
 * signed with the configured key, from the configured issuer, for our audience, with an {@code exp} within the
 * allowed lifetime ({@link JwtProperties}); roles come from its {@code roles} list. Who may call an endpoint is
 * declared on its handler ({@link Callers}, checked per request by {@link CallerRules}; or {@link PublicEndpoint}), or
 * here for the paths of libraries ({@link #LIBRARY_PATHS}). 401 and 403 are problem details.
 */
@AutoConfiguration(before = {org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration.class,
        org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class})
@EnableWebSecurity
@EnableConfigurationProperties({JwtProperties.class, OAuth2ResourceServerProperties.class})
public class SecurityAutoConfiguration {

    /** Paths for callbacks from vendors: authenticated by signature, not by token. */
    public static final String CALLBACK_PATHS = "/callbacks/**";

    /** The container's error page, which answers the error dispatch of a request the chain let through or refused. */
    public static final String ERROR_PATH = "/error";

    /**
     * Paths served by libraries' controllers (OpenAPI, Swagger UI, AsyncAPI), declared here because their handlers
     * cannot carry an annotation: the documents ({@link #API_DOCUMENT_PATHS}) are open. The error page is the service
     * kit's own ({@code ErrorPageProblems}, a {@link PublicEndpoint} at {@link #ERROR_PATH}).
     */
    public static final List<String> LIBRARY_PATHS = List.of("/v3/api-docs", "/swagger-ui", "/springwolf");

    /**
     * The OpenAPI and AsyncAPI documents, Swagger UI and the Springwolf UI, readable by GET without a token. Springwolf's
     * publishing endpoint (a POST, off by default) is an operator's only.
     */
    public static final String[] API_DOCUMENT_PATHS = {"/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
        "/swagger-ui.html", "/swagger-ui/**", "/springwolf/**"};

    @Bean
    JwtDecoder extauthJwtDecoder(OAuth2ResourceServerProperties resourceServer, JwtProperties jwt) {
        return TokenValidation.decoder(resourceServer.getJwt().getPublicKeyLocation(), jwt);
    }

    /**
     * No Micrometer observation around each of the security chain's filters, its authentication and its
     * authorization: a dozen observations per request that nothing reads (no tracing here), while the HTTP server's
     * own observation still times every request ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings extauthSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Who may call each handler ({@link Callers}), checked once per request after the handler is found: the rules
     * method security checked with a proxy per controller and a SpEL expression per call.
     */
    @Bean
    CallerRules extauthCallerRules() {
        return new CallerRules();
    }

    /** Spring's default firewall, its header-value check without a regular expression ({@link HeaderValues}). */
    @Bean
    WebSecurityCustomizer extauthFirewall() {
        return web -> web.httpFirewall(HeaderValues.firewall());
    }

    /**
     * The chain of a stateless bearer-token API, and nothing more: the token filter, the security headers, the
     * context for this request only, 401/403 as problems and the rules. Left out because they do nothing here but
     * cost every request a filter: the session's filters (no session is ever made: the context lives in a request
     * attribute, and a 401 saves no request for later), logout, the anonymous token (a request without a token
     * has no authentication, which {@code permitAll} lets through and every other rule answers with 401, as it
     * did the anonymous token) and OAuth 2.0 protected-resource metadata (nothing publishes or reads it). The
     * servlet API wrapper stays: the actuator asks the request for the caller's roles (health details for operators). The token filter is built here, not by
     * {@code oauth2ResourceServer()}, which always adds the metadata filter.
     */
    @Bean
    SecurityFilterChain extauthSecurity(HttpSecurity http, JwtDecoder decoder) throws Exception {
        http.setSharedObject(RequestCache.class, new NullRequestCache());
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .securityContext(context -> context
                        .securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .addFilter(bearerTokens(decoder))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", ERROR_PATH).permitAll()
                        .requestMatchers(CALLBACK_PATHS).permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole(Role.OPERATOR.name())
                        // the API documents and their UIs are public: a browser loads the UI's pages and the
                        // document before anyone can enter a token (Swagger UI's Authorize button is in the page it
                        // builds from the document), and the documents say no more than docs/api in the repository
                        .requestMatchers(HttpMethod.GET, API_DOCUMENT_PATHS).permitAll()
                        // Springwolf's publishing (a POST, off by default): an event put straight on a topic
                        // skips every check of the API, so only an operator, who may write to the topics anyway
                        .requestMatchers("/springwolf/**").hasRole(Role.OPERATOR.name())
                        .anyRequest().authenticated())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> ProblemWriter.write(response,
                                HttpStatus.UNAUTHORIZED, "A valid bearer token is required"))
                        .accessDeniedHandler((request, response, e) -> ProblemWriter.write(response,
                                HttpStatus.FORBIDDEN, AccessDenials.detail(e))));
        return http.build();
    }

    /** Verifies a bearer token when the request has one; a bad token is a 401 that says what was wrong. */
    private static BearerTokenAuthenticationFilter bearerTokens(JwtDecoder decoder) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(rolesFromClaim());
        BearerTokenAuthenticationConverter tokens = new BearerTokenAuthenticationConverter();
        tokens.setBearerTokenResolver(new BearerTokens());
        BearerTokenAuthenticationFilter filter = new BearerTokenAuthenticationFilter(new ProviderManager(provider),
                tokens);
        filter.setAuthenticationEntryPoint((request, response, e) -> ProblemWriter.write(response,
                HttpStatus.UNAUTHORIZED, "A valid bearer token is required: " + reason(e)));
        return filter;
    }

    /** Spring Security 7 says only "Invalid token"; which claim was wrong is in the decoder's exception, its cause. */
    private static String reason(AuthenticationException e) {
        return e.getCause() instanceof JwtException cause ? cause.getMessage() : e.getMessage();
    }

    private static JwtAuthenticationConverter rolesFromClaim() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("roles");
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }
}
