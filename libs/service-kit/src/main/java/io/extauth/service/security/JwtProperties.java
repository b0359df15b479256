package io.extauth.service.security;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a bearer token must say to be accepted (the key it is signed with is
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}).
 *
 * @param issuer the {@code iss} every token must carry; no default: a service started without it refuses to start
 *     (the local stack sets {@code extauth-local})
 * @param audience the value the token's {@code aud} must contain; default {@code extauth}
 * @param maxLifetime the longest a token may live, both {@code exp - iat} and {@code exp - now}; default 24 hours
 * @param clockSkew how far the issuer's clock may be off from ours when judging {@code exp}, {@code nbf} and
 *     {@code iat}; default 60 seconds
 * @param cacheSize how many verified tokens are remembered, so a client sending the same token again is not verified
 *     (RS256, parsing) anew; the claims checks still run on every request. Default 10,000; 0 turns the cache off. A
 *     token over 8 KiB (more than a request's headers can hold) is never remembered, and the tokens remembered are at
 *     most 4 Mi characters in all, whatever this says. A memory full of live tokens forgets a random half of them
 * @param cacheFor how long a verified token is remembered at most: it is looked up no longer than this; once past
 *     it, an entry is swept out of memory at the next verification that misses (a token not remembered), at most once
 *     per {@code cacheFor}, or when the memory is full: while no new token comes it stays, unused, within
 *     {@code cacheSize} and the characters' budget; default 60 seconds
 */
@ConfigurationProperties("extauth.security.jwt")
public record JwtProperties(@Nullable String issuer, @DefaultValue("extauth") String audience,
        @DefaultValue("24h") Duration maxLifetime, @DefaultValue("60s") Duration clockSkew,
        @DefaultValue("10000") int cacheSize, @DefaultValue("60s") Duration cacheFor) {

    /** The constructor Spring Boot binds (the record has two). */
    @ConstructorBinding
    public JwtProperties {
    }

    public JwtProperties(@Nullable String issuer, String audience, Duration maxLifetime, Duration clockSkew) {
        this(issuer, audience, maxLifetime, clockSkew, 10_000, Duration.ofSeconds(60));
    }

    /** The issuer, or a refusal to start that says which setting to give. */
    public String requiredIssuer() {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("extauth.security.jwt.issuer (EXTAUTH_SECURITY_JWT_ISSUER) is not set: "
                    + "give the iss claim your token issuer writes (the local stack's is extauth-local)");
        }
        return issuer;
    }
}
