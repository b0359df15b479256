package io.extauth.service.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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
 * in all. Entries past {@code cacheFor} are swept out by the next verification that misses (a token not remembered),
 * at most once per {@code cacheFor}, and whenever the memory is full, not left until it is full (until session 66 it
 * filled to {@code maxSize} with whatever came, e.g. an issuer minting a token per request, up to ~80 MB of 8 KiB
 * tokens). While no new token comes, nothing is swept: the entries stay, at most {@code maxSize} and the characters'
 * budget, unused. When the memory is full of live entries a random half of them is forgotten (until session 66's
 * review it was emptied: with 8 KiB tokens allowed, the budget holds ~1,400 tokens of 3 KiB, and 2,000 callers a
 * minute had nearly every request verified anew). A remembered token costs what it did (a look-up and the claims); the
 * sweep is one pass over at most {@code maxSize} entries per {@code cacheFor}, and the eviction one pass per half of
 * the memory filled anew, both on the path that verifies anyway (issue 14).
 */
final class VerifiedTokens implements JwtDecoder {

    private record Verified(Jwt jwt, Instant until) {
    }

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final int maxSize;
    private final Duration cacheFor;
    private final Clock clock;
    /**
     * The longest token remembered; a longer one is verified every time. 8 KiB: Tomcat refuses headers over that (a
     * {@code 400}), so a token this long is the longest any request brings. An issuer's tokens with group claims are
     * often 2 to 4 KiB (the local stack's are ~600 characters), and each was verified on every request with the 2 KiB
     * cap session 66 first set; the {@value #MAX_CHARACTERS}-character budget bounds the memory (512 tokens of 8 KiB).
     */
    static final int MAX_LENGTH = 8_192;
    /** The most token text remembered at once, in characters (a byte each: tokens are ASCII). */
    static final long MAX_CHARACTERS = 4L * 1024 * 1024;

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    /** The characters of the tokens in {@link #verified}, counted by the map's own answers to each change. */
    private final AtomicLong characters = new AtomicLong();
    /** When the next sweep of entries past their time is due, in the clock's milliseconds. */
    private final AtomicLong nextSweep;
    /** Runs once {@link #remember} has looked at how full the memory is: a test makes two threads meet there. */
    Runnable afterFullnessRead = () -> {
    };

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
        boolean full = full(token);
        afterFullnessRead.run();
        boolean swept = (full || now.toEpochMilli() >= sweepDue)
                && nextSweep.compareAndSet(sweepDue, now.toEpochMilli() + cacheFor.toMillis());
        if (swept) {
            sweepExpired(now);
        }
        // full as it is now, not as it was when this thread looked: another thread may have won the sweep meanwhile
        // and made room, which evicting on the stale answer threw away with live tokens (the diff review). One
        // that is sweeping right now has not finished making room, so a thread that did not sweep sweeps too (an
        // entry goes once, whoever removes it) before it decides
        if (full(token)) {
            if (!swept) {
                sweepExpired(now);
            }
            if (full(token)) {
                evictHalf();
            }
        }
        if (verified.put(token, entry) == null) {
            characters.addAndGet(token.length());
        }
    }

    /** Whether {@code token} would take the memory past its count or its characters. */
    private boolean full(String token) {
        return verified.size() >= maxSize || characters.get() + token.length() > MAX_CHARACTERS;
    }

    /**
     * Forgets live entries, chosen at random, until at most half the count and half the characters' budget are left.
     * Not the entries nearest their end: every entry is remembered for the same {@code cacheFor}, so those are the
     * oldest, and callers that come round in a cycle a little larger than the memory would each find their token
     * forgotten just before they come back (no hits at all, as with emptying). A random half keeps about half of
     * theirs. One pass over the memory per half of it filled anew; a thread that evicts at the same time stops at the
     * same counters, so together they go little past half.
     */
    private void evictHalf() {
        List<Map.Entry<String, Verified>> entries = new ArrayList<>(verified.entrySet());
        Collections.shuffle(entries, ThreadLocalRandom.current());
        for (Map.Entry<String, Verified> entry : entries) {
            if (verified.size() <= maxSize / 2 && characters.get() <= MAX_CHARACTERS / 2) {
                return;
            }
            forget(entry.getKey(), entry.getValue());
        }
    }

    private void sweepExpired(Instant now) {
        verified.forEach((key, value) -> {
            if (!now.isBefore(value.until())) {
                forget(key, value);
            }
        });
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
