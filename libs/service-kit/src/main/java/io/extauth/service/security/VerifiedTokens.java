package io.extauth.service.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * moment it expires. Only accepted tokens are remembered; a refused one is verified anew each time, as before. Only a
 * token in its canonical compact form is verified ({@link CompactTokens}): one token cannot be many keys.
 *
 * <p>The memory is bounded by count ({@code maxSize}) and by text: a token longer than {@value #MAX_LENGTH} characters
 * is verified every time, never remembered, and the tokens remembered hold at most {@value #MAX_CHARACTERS} characters
 * in all. Entries past {@code cacheFor} are swept out on the first verification after a {@code cacheFor} has gone by
 * since the last sweep, so an entry is held at most about twice {@code cacheFor}, not until the memory is full (until
 * session 66 it filled to {@code maxSize} with whatever came, e.g. an issuer minting a token per request, up to ~80 MB of
 * 8 KiB tokens). When the memory is full of live entries it is emptied: a rare re-verification of every live token is
 * cheaper than bookkeeping. A remembered token costs what it did (a look-up and the claims); the sweep is one pass over
 * at most {@code maxSize} entries per {@code cacheFor}, on the path that verifies anyway (issue 14).
 */
final class VerifiedTokens implements JwtDecoder {

    private record Verified(Jwt jwt, Instant until) {
    }

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final int maxSize;
    private final Duration cacheFor;
    private final Clock clock;
    /** The longest token remembered; a longer one is verified every time (the local stack's are ~600 characters). */
    static final int MAX_LENGTH = 2_048;
    /** The most token text remembered at once, in characters (a byte each: tokens are ASCII). */
    static final long MAX_CHARACTERS = 4L * 1024 * 1024;

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    /** The characters of the tokens in {@link #verified}, counted by the map's own answers to each change. */
    private final AtomicLong characters = new AtomicLong();
    /** When the next sweep of entries past their time is due, in the clock's milliseconds. */
    private final AtomicLong nextSweep;

    /** @param decoder verifies and validates; {@code validator} is the claims part of it, re-run on a remembered token */
    VerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, int maxSize, Duration cacheFor,
            Clock clock) {
        this.decoder = decoder;
        this.validator = validator;
        this.maxSize = maxSize;
        this.cacheFor = cacheFor;
        this.clock = clock;
        this.nextSweep = new AtomicLong(clock.millis() + cacheFor.toMillis());
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        // a remembered token was checked for its form before it was remembered, by its exact text
        Verified known = verified.get(token);
        if (known != null && now.isBefore(known.until())) {
            OAuth2TokenValidatorResult result = validator.validate(known.jwt());
            if (result.hasErrors()) {
                forget(token, known);
                throw new JwtValidationException(result.getErrors().iterator().next().getDescription(),
                        result.getErrors());
            }
            return known.jwt();
        }
        if (!CompactTokens.canonical(token)) {
            throw new BadJwtException("The bearer token is not a compact JWS of unpadded base64url (RFC 7515, 7.1)");
        }
        Jwt jwt = decoder.decode(token);
        if (maxSize > 0 && token.length() <= MAX_LENGTH) {
            remember(token, new Verified(jwt, now.plus(cacheFor)), now);
        }
        return jwt;
    }

    private void remember(String token, Verified entry, Instant now) {
        long sweepDue = nextSweep.get();
        boolean full = verified.size() >= maxSize || characters.get() + token.length() > MAX_CHARACTERS;
        if ((full || now.toEpochMilli() >= sweepDue)
                && nextSweep.compareAndSet(sweepDue, now.toEpochMilli() + cacheFor.toMillis())) {
            verified.forEach((key, value) -> {
                if (!now.isBefore(value.until())) {
                    forget(key, value);
                }
            });
            full = verified.size() >= maxSize || characters.get() + token.length() > MAX_CHARACTERS;
        }
        if (full) {
            verified.forEach(this::forget);
        }
        if (verified.put(token, entry) == null) {
            characters.addAndGet(token.length());
        }
    }

    private void forget(String token, Verified entry) {
        if (verified.remove(token, entry)) {
            characters.addAndGet(-token.length());
        }
    }

    int size() {
        return verified.size();
    }

    long characters() {
        return characters.get();
    }
}
