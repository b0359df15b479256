package io.extauth.service.security;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The bearer-token decoder every service uses: RS256 with the configured key, then every rule of {@link JwtProperties}. */
final class TokenValidation {

    private TokenValidation() {
    }

    static JwtDecoder decoder(@Nullable Resource publicKeyLocation, JwtProperties properties) {
        OAuth2TokenValidator<Jwt> validator = validator(properties, Clock.systemUTC());
        return new VerifiedTokens(verifier(publicKeyLocation, validator), validator, properties.cacheSize(),
                properties.cacheFor(), Clock.systemUTC());
    }

    /** The token library's decoder alone: the signature, then {@code validator}; lenient in how a token is written. */
    static NimbusJwtDecoder verifier(@Nullable Resource publicKeyLocation, OAuth2TokenValidator<Jwt> validator) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey(publicKeyLocation))
                .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(validator);
        return decoder;
    }

    /** Spring's checks (expiry and not-before, issuer, audience) and ours ({@link TokenRules}). */
    static OAuth2TokenValidator<Jwt> validator(JwtProperties properties, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setClock(clock);
        return JwtValidators.createDefaultWithValidators(List.of(timestamps,
                new JwtIssuerValidator(properties.requiredIssuer()),
                new JwtAudienceValidator(properties.audience()),
                claims(properties, clock)));
    }

    private static OAuth2TokenValidator<Jwt> claims(JwtProperties properties, Clock clock) {
        return jwt -> {
            List<String> problems = new ArrayList<>(TokenRules.problems(clock.instant(),
                    jwt.getClaims().get(JwtClaimNames.SUB), jwt.getIssuedAt(), jwt.getExpiresAt(),
                    jwt.getClaims().get(TokenRules.ROLES_CLAIM), properties.maxLifetime(), properties.clockSkew()));
            problems.addAll(TokenRules.adminProblems(jwt.getClaims().get(TokenRules.ROLES_CLAIM),
                    jwt.getClaims().get(AccountAccess.ACCOUNT_CLAIM)));
            return OAuth2TokenValidatorResult.failure(problems.stream()
                    .map(problem -> new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, problem, null)).toList());
        };
    }

    private static RSAPublicKey publicKey(@Nullable Resource location) {
        if (location == null || !location.exists()) {
            throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.public-key-location "
                    + (location == null ? "is not set" : "names no file (" + location + ")")
                    + ": give the public key bearer tokens are signed with");
        }
        try (InputStream in = location.getInputStream()) {
            return RsaKeyConverters.x509().convert(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the token key at " + location, e);
        }
    }
}
