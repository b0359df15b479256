package io.extauth.testsupport;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Bearer tokens for tests: one RSA key pair per test JVM, its public key in a file the services are pointed at. The
 * tokens conform to what the services require (iss {@link #ISSUER}, aud {@link #AUDIENCE}, iat, exp an hour away,
 * roles as a list); the hostile variants below each break one rule.
 */
public final class TestJwt {

    /** The issuer test tokens carry and {@link TestDefaults} makes the services expect. */
    public static final String ISSUER = "extauth-test";
    /** The audience test tokens carry: the services' default. */
    public static final String AUDIENCE = "extauth";

    private static final KeyPair KEYS = generate();
    private static final Path PUBLIC_KEY = writePublicKey();

    private TestJwt() {
    }

    /** For {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
    public static String publicKeyLocation() {
        return PUBLIC_KEY.toUri().toString();
    }

    public static String admin(String accountId) {
        return token("admin-" + accountId, "ADMIN", accountId);
    }

    public static String portal() {
        return token("portal", "PORTAL", null);
    }

    public static String vpn() {
        return token("vpn-gateway", "VPN", null);
    }

    public static String billing() {
        return token("billing", "BILLING", null);
    }

    public static String operator() {
        return token("operator", "OPERATOR", null);
    }

    public static String token(String subject, String role, String accountId) {
        return signed(KEYS, claims(subject, role, accountId));
    }

    /** A token signed with a key the services do not trust. */
    public static String signedByStranger(String role) {
        return signed(generate(), claims("stranger", role, null));
    }

    public static String expired(String role) {
        return with(role, claims -> claims.put("exp", Instant.now().minusSeconds(120)));
    }

    /** A good token but with {@code roles: []}: authenticated, allowed nothing. */
    public static String withoutRoles() {
        return with("PORTAL", claims -> claims.put("roles", List.of()));
    }

    /** {@code roles} as a plain string instead of a list. */
    public static String rolesAsString(String role) {
        return with(role, claims -> claims.put("roles", role));
    }

    public static String withoutExpiry(String role) {
        return with(role, claims -> claims.remove("exp"));
    }

    /** Issued now, expiring after {@code lifetime} (e.g. ten years). */
    public static String validFor(String role, Duration lifetime) {
        return with(role, claims -> claims.put("exp", Instant.now().plus(lifetime)));
    }

    /** Without {@code iat}, expiring after {@code lifetime}. */
    public static String withoutIssuedAt(String role, Duration lifetime) {
        return with(role, claims -> {
            claims.remove("iat");
            claims.put("exp", Instant.now().plus(lifetime));
        });
    }

    public static String issuedBy(String role, String issuer) {
        return with(role, claims -> claims.put("iss", issuer));
    }

    public static String forAudience(String role, String audience) {
        return with(role, claims -> claims.put("aud", List.of(audience)));
    }

    /** A conforming token of {@code role}, then changed by {@code change} (instants for exp and iat). */
    public static String with(String role, Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = claims(role.toLowerCase(java.util.Locale.ROOT), role, null);
        change.accept(claims);
        return signed(KEYS, claims);
    }

    private static Map<String, Object> claims(String subject, String role, String accountId) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("iss", ISSUER);
        claims.put("aud", List.of(AUDIENCE));
        claims.put("iat", now);
        claims.put("exp", now.plusSeconds(3600));
        claims.put("roles", List.of(role));
        if (accountId != null) {
            claims.put("accountId", accountId);
        }
        return claims;
    }

    private static String signed(KeyPair keys, Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach((name, value) -> builder.claim(name, value instanceof Instant instant ? Date.from(instant) : value));
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePublicKey() {
        try {
            Path file = Files.createTempFile("extauth-test-jwt", ".pem");
            file.toFile().deleteOnExit();
            String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded());
            Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
