package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.extauth.testsupport.TestJwt;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The decoder every service uses, against TestJwt's conforming token and each hostile variant. */
class TokenValidationUnitTest {

    private final JwtDecoder decoder = TokenValidation.decoder(
            new DefaultResourceLoader().getResource(TestJwt.publicKeyLocation()),
            new JwtProperties(TestJwt.ISSUER, "extauth", Duration.ofHours(24), Duration.ofSeconds(60)));

    @Test
    void aConformingTokenIsAcceptedWithItsRoles() {
        Jwt jwt = decoder.decode(TestJwt.admin("1234"));

        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("ADMIN");
        assertThat(jwt.getAudience()).containsExactly("extauth");
    }

    @Test
    void aTokenWithoutExpIsRefusedNamingTheClaim() {
        assertRefused(TestJwt.withoutExpiry("PORTAL"), "exp");
    }

    @Test
    void aTokenValidForTenYearsIsRefused() {
        assertRefused(TestJwt.validFor("PORTAL", Duration.ofDays(3653)), "longer than PT24H");
    }

    @Test
    void aTokenWithoutIatIsJudgedByHowFarItsExpIs() {
        assertRefused(TestJwt.withoutIssuedAt("PORTAL", Duration.ofHours(25)), "exp is more than PT24H from now");
        assertThat(decoder.decode(TestJwt.withoutIssuedAt("PORTAL", Duration.ofHours(23))).getSubject())
                .isEqualTo("portal");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        assertRefused(TestJwt.issuedBy("PORTAL", "someone-else"), "iss");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertRefused(TestJwt.forAudience("PORTAL", "another-api"), "aud");
    }

    @Test
    void aTokenWithoutAudienceIsRefused() {
        assertRefused(TestJwt.with("PORTAL", claims -> claims.remove("aud")), "aud");
    }

    @Test
    void aTokenWithoutACallerIsRefusedNamingTheClaim() {
        assertRefused(TestJwt.with("ADMIN", claims -> claims.remove("sub")), "no sub claim");
        assertRefused(TestJwt.with("ADMIN", claims -> claims.put("sub", "")), "no sub claim");
        assertRefused(TestJwt.with("ADMIN", claims -> claims.put("sub", "TIMER")), "lockout's timer");
        assertRefused(TestJwt.with("ADMIN", claims -> claims.put("sub", "TIM\u0415R")), "lockout's timer");
        assertRefused(TestJwt.with("ADMIN", claims -> claims.put("sub", "j\u0430ne")), "mixes scripts in one word");
    }

    @Test
    void rolesAsAPlainStringAreRefusedNamingTheClaim() {
        assertRefused(TestJwt.rolesAsString("OPERATOR"), "roles claim must be a JSON list");
    }

    @Test
    void anEmptyListOfRolesIsAValidTokenThatMayDoNothing() {
        assertThat(decoder.decode(TestJwt.withoutRoles()).getClaimAsStringList("roles")).isEmpty();
    }

    @Test
    void aServiceWithoutAnIssuerRefusesToStartAndSaysWhichSetting() {
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> new JwtProperties(null, "extauth", Duration.ofHours(24), Duration.ofSeconds(60))
                        .requiredIssuer())
                .withMessageContaining("extauth.security.jwt.issuer");
    }

    private void assertRefused(String token, String reason) {
        assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder.decode(token))
                .satisfies(e -> assertThat(e.getErrors()).anySatisfy(error ->
                        assertThat(error.getDescription()).contains(reason)));
    }
}
