package io.extauth.service.security;

import io.extauth.service.problem.ProblemWriter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every endpoint but health (and the vendor callbacks, which carry an HMAC signature instead) needs a bearer token
 * signed with the configured key; roles come from its {@code roles} claim. 401 and 403 are problem details.
 */
@AutoConfiguration(before = org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration.class)
@EnableWebSecurity
@EnableMethodSecurity
public class SecurityAutoConfiguration {

    /** Paths for callbacks from vendors: authenticated by signature, not by token. */
    public static final String CALLBACK_PATHS = "/callbacks/**";

    @Bean
    SecurityFilterChain extauthSecurity(HttpSecurity http) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers(CALLBACK_PATHS).permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole(Roles.OPERATOR)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromClaim()))
                        .authenticationEntryPoint((request, response, e) -> ProblemWriter.write(response,
                                HttpStatus.UNAUTHORIZED, "A valid bearer token is required: " + e.getMessage()))
                        .accessDeniedHandler((request, response, e) -> ProblemWriter.write(response,
                                HttpStatus.FORBIDDEN, e.getMessage())))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> ProblemWriter.write(response,
                                HttpStatus.UNAUTHORIZED, "A valid bearer token is required"))
                        .accessDeniedHandler((request, response, e) -> ProblemWriter.write(response,
                                HttpStatus.FORBIDDEN, e.getMessage())));
        return http.build();
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
