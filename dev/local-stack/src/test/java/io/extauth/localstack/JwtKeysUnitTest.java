package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtKeysUnitTest {

    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");

    @TempDir
    Path keysDir;

    @Test
    void aSignedTokenVerifiesWithThePublicKeyAndCarriesTheClaims() throws Exception {
        JwtKeys keys = new JwtKeys(keysDir, Clock.fixed(NOW, ZoneOffset.UTC));

        SignedJWT jwt = SignedJWT.parse(keys.sign(
                new TokenRequest("alice", TokenRequest.Role.ADMIN, "1234", Duration.ofHours(8))));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.verify(new RSASSAVerifier(keys.publicKey()))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getIssuer()).isEqualTo("extauth-local");
        assertThat(claims.getAudience()).containsExactly("extauth");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(8))));
        assertThat(claims.getStringListClaim("roles")).containsExactly("ADMIN");
        assertThat(claims.getStringClaim("accountId")).isEqualTo("1234");
    }

    @Test
    void theKeyPairIsWrittenAsPemOnceAndReusedAfterwards() throws Exception {
        JwtKeys first = new JwtKeys(keysDir);
        String token = first.sign(new TokenRequest("bob", TokenRequest.Role.OPERATOR, null, Duration.ofMinutes(5)));

        JwtKeys second = new JwtKeys(keysDir);

        assertThat(Files.readString(keysDir.resolve("jwt-private.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(keysDir.resolve("jwt-public.pem"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(second.publicKey()))).isTrue();
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaim("accountId")).isNull();
    }

    @Test
    void thePrivateKeyAndItsDirectoryAreReadableByTheOwnerOnly() throws Exception {
        JwtKeys keys = new JwtKeys(keysDir.resolve("keys"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.privateKeyFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir.resolve("keys"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aWorldReadablePrivateKeyFromAnOlderStackIsNarrowedToTheOwner() throws Exception {
        new JwtKeys(keysDir);
        Files.setPosixFilePermissions(keysDir.resolve("jwt-private.pem"), PosixFilePermissions.fromString("rw-r--r--"));

        new JwtKeys(keysDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir.resolve("jwt-private.pem"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aTokenSignedWithAnotherKeyPairDoesNotVerify() throws Exception {
        JwtKeys other = new JwtKeys(keysDir.resolve("other"));
        String token = new JwtKeys(keysDir).sign(new TokenRequest("eve", TokenRequest.Role.PORTAL, null, Duration.ofHours(1)));

        assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(other.publicKey()))).isFalse();
    }

    @Test
    void aVpnGatewayTokenCarriesTheVpnRole() throws Exception {
        String token = new JwtKeys(keysDir).sign(new TokenRequest("vpn-gateway", TokenRequest.Role.parse("vpn"), null,
                Duration.ofHours(1)));

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("roles")).containsExactly("VPN");
    }

    @Test
    void aTokenLivingLongerThanTheServicesAcceptIsNotIssued() {
        assertThat(io.extauth.audit.cli.Durations.parse("24h")).isEqualTo(TokenRequest.MAX_TTL);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TokenRequest("ops", TokenRequest.Role.OPERATOR, null, Duration.ofDays(2)))
                .withMessageContaining("--ttl 24h or less");
    }

    @Test
    void anAdminTokenWithoutAnAccountIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TokenRequest("alice", TokenRequest.Role.ADMIN, null, Duration.ofHours(8)))
                .withMessageContaining("--account");
    }
}
