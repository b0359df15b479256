package io.extauth.service.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers tokens whose signature was verified, by their exact text, so a client that sends the same bearer token on
 * every request costs one RS256 verification and parse per {@code cacheFor}, not one per request. The claims
 * (expiry, issuer, audience, lifetime) are checked again on every request, so a remembered token stops working the
 * moment it expires. Only accepted tokens are remembered; a refused one is verified anew each time, as before. The
 * memory is bounded: when full it is emptied (a rare re-verification of every live token is cheaper than bookkeeping).
 * Only a token in its canonical compact form is verified ({@link CompactTokens}): one token cannot be many keys.
 */
final class VerifiedTokens implements JwtDecoder {

    private record Verified(Jwt jwt, Instant until) {
    }

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final int maxSize;
    private final Duration cacheFor;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    /** @param decoder verifies and validates; {@code validator} is the claims part of it, re-run on a remembered token */
    VerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, int maxSize, Duration cacheFor,
            Clock clock) {
        this.decoder = decoder;
        this.validator = validator;
        this.maxSize = maxSize;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        // a remembered token was checked for its form before it was remembered, by its exact text
        Verified known = verified.get(token);
        if (known != null && now.isBefore(known.until())) {
            OAuth2TokenValidatorResult result = validator.validate(known.jwt());
            if (result.hasErrors()) {
                verified.remove(token);
                throw new JwtValidationException(result.getErrors().iterator().next().getDescription(),
                        result.getErrors());
            }
            return known.jwt();
        }
        if (!CompactTokens.canonical(token)) {
            throw new BadJwtException("The bearer token is not a compact JWS of unpadded base64url (RFC 7515, 7.1)");
        }
        Jwt jwt = decoder.decode(token);
        if (maxSize > 0) {
            if (verified.size() >= maxSize) {
                verified.clear();
            }
            verified.put(token, new Verified(jwt, now.plus(cacheFor)));
        }
        return jwt;
    }

    int size() {
        return verified.size();
    }
}
