package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.extauth.testsupport.TestJwt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The same bearer token again is not verified anew, but its claims are still judged on every request. */
class VerifiedTokensUnitTest {

    private static final JwtProperties PROPERTIES = new JwtProperties(TestJwt.ISSUER, "extauth", Duration.ofHours(24),
            Duration.ofSeconds(60));
    private final JwtDecoder real = TokenValidation.decoder(
            new DefaultResourceLoader().getResource(TestJwt.publicKeyLocation()), PROPERTIES);
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder counting = token -> {
        verifications.incrementAndGet();
        return real.decode(token);
    };

    @Test
    void theSameTokenIsVerifiedOnceWhileItIsRemembered() {
        VerifiedTokens tokens = tokens(Clock.systemUTC(), 10);
        String token = TestJwt.portal();

        Jwt first = tokens.decode(token);
        Jwt again = tokens.decode(token);
        tokens.decode(TestJwt.admin("1234"));

        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void copiesOfOneTokenWrittenOtherwiseAreRefusedUnverifiedAndNotRemembered() {
        VerifiedTokens tokens = tokens(Clock.systemUTC(), 10_000);
        String token = TestJwt.portal();
        tokens.decode(token);
        int signature = token.lastIndexOf('.') + 1;
        char last = token.charAt(token.length() - 1);
        char sameBits = "AQgw".indexOf(last) >= 0 ? (char) (last + 1) : last; // the unused low bits set
        java.util.List<String> copies = java.util.List.of(token + "=", token + "==", token + "=".repeat(4_000),
                token.substring(0, signature) + "~" + token.substring(signature),
                token.substring(0, signature + 10) + "~~" + token.substring(signature + 10),
                token.substring(0, token.length() - 1) + sameBits);

        JwtDecoder library = TokenValidation.verifier(
                new DefaultResourceLoader().getResource(TestJwt.publicKeyLocation()),
                TokenValidation.validator(PROPERTIES, Clock.systemUTC()));
        for (String copy : copies) {
            assertThat(library.decode(copy).getSubject()).as("the library alone verifies %s", copy)
                    .isEqualTo(library.decode(token).getSubject());
            assertThatExceptionOfType(org.springframework.security.oauth2.jwt.BadJwtException.class)
                    .isThrownBy(() -> tokens.decode(copy)).withMessageContaining("compact JWS");
        }
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsClaimsNoLongerHold() {
        MovableClock clock = new MovableClock();
        VerifiedTokens tokens = new VerifiedTokens(counting, TokenValidation.validator(PROPERTIES, clock), 10,
                Duration.ofDays(2), clock);
        String token = TestJwt.portal();
        tokens.decode(token);

        clock.now = clock.now.plus(Duration.ofHours(25));

        assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> tokens.decode(token));
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRefusedTokenIsNotRememberedAndTheMemoryIsBounded() {
        VerifiedTokens tokens = tokens(Clock.systemUTC(), 2);
        String stranger = TestJwt.signedByStranger("PORTAL");
        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(Exception.class).isThrownBy(() -> tokens.decode(stranger));
        }
        assertThat(verifications).hasValue(2);

        for (String account : new String[] {"1", "2", "3", "4", "5"}) {
            tokens.decode(TestJwt.admin(account));
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(2);
    }

    /**
     * Session 66: an entry past {@code cacheFor} stayed until the memory was full and emptied, so it always filled to
     * {@code cacheSize} (10,000) whatever {@code cacheFor} was: an issuer minting a token per request made each service
     * hold 10,000 token texts and their parsed tokens.
     */
    @Test
    void entriesPastTheirTimeAreSweptOutNotKeptUntilTheMemoryIsFull() {
        MovableClock clock = new MovableClock();
        AtomicInteger decoded = new AtomicInteger();
        VerifiedTokens tokens = new VerifiedTokens(fake(decoded), jwt -> OAuth2TokenValidatorResult.success(), 10_000,
                Duration.ofSeconds(60), clock);
        for (int i = 0; i < 100; i++) {
            tokens.decode(fakeToken(i, 18));
        }
        assertThat(tokens.size()).isEqualTo(100);

        clock.now = clock.now.plus(Duration.ofSeconds(61));
        tokens.decode(fakeToken(100, 18));

        assertThat(tokens.size()).as("entries left after the 100 went past cacheFor and one more came").isEqualTo(1);
        assertThat(tokens.characters()).isEqualTo(fakeToken(100, 18).length());
        assertThat(decoded).hasValue(101);
    }

    @Test
    void aTokenLongerThanTheLimitIsVerifiedEveryTimeAndNotRemembered() {
        AtomicInteger decoded = new AtomicInteger();
        VerifiedTokens tokens = new VerifiedTokens(fake(decoded), jwt -> OAuth2TokenValidatorResult.success(), 10_000,
                Duration.ofSeconds(60), Clock.systemUTC());
        String near8KiB = fakeToken(1, 8_000);
        String atTheLimit = fakeToken(2, VerifiedTokens.MAX_LENGTH);
        assertThat(atTheLimit).hasSize(VerifiedTokens.MAX_LENGTH);

        tokens.decode(near8KiB);
        tokens.decode(near8KiB);
        tokens.decode(atTheLimit);
        tokens.decode(atTheLimit);

        assertThat(decoded).as("verifications: the long token twice, the one at the limit once").hasValue(3);
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.characters()).isEqualTo(VerifiedTokens.MAX_LENGTH);
    }

    @Test
    void theTextRememberedStaysWithinItsBudget() {
        AtomicInteger decoded = new AtomicInteger();
        VerifiedTokens tokens = new VerifiedTokens(fake(decoded), jwt -> OAuth2TokenValidatorResult.success(), 10_000,
                Duration.ofSeconds(60), Clock.systemUTC());
        long most = 0;
        for (int i = 0; i < 5_000; i++) {
            tokens.decode(fakeToken(i, VerifiedTokens.MAX_LENGTH));
            most = Math.max(most, tokens.characters());
        }

        assertThat(most).as("characters remembered at most, for 5,000 tokens of 2,048").isLessThanOrEqualTo(
                VerifiedTokens.MAX_CHARACTERS);
        assertThat(tokens.characters()).isPositive();
        // the count is the map's own: every entry is counted once, whatever came and went
        assertThat(tokens.characters()).isEqualTo((long) tokens.size() * VerifiedTokens.MAX_LENGTH);
        assertThat(decoded).hasValue(5_000);
    }

    /** A token's stand-in of at least {@code length} characters (18 at least) in canonical compact form. */
    private static String fakeToken(int number, int length) {
        return "AAAA.%08d%s.AAAA".formatted(number, "A".repeat(Math.max(0, length - 18)));
    }

    /** Accepts any token without looking at it, counting the calls. */
    private static JwtDecoder fake(AtomicInteger decoded) {
        return token -> {
            decoded.incrementAndGet();
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("someone").build();
        };
    }

    private VerifiedTokens tokens(Clock clock, int size) {
        return new VerifiedTokens(counting, TokenValidation.validator(PROPERTIES, clock), size, Duration.ofSeconds(60),
                clock);
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
