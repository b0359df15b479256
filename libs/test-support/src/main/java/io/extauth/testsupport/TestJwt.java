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
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Bearer tokens for tests: one RSA key pair per test JVM, its public key in a file the services are pointed at. */
public final class TestJwt {

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

    public static String billing() {
        return token("billing", "BILLING", null);
    }

    public static String operator() {
        return token("operator", "OPERATOR", null);
    }

    public static String token(String subject, String role, String accountId) {
        return sign(KEYS, subject, role, accountId, Instant.now().plusSeconds(3600));
    }

    /** A token signed with a key the services do not trust. */
    public static String signedByStranger(String role) {
        return sign(generate(), "stranger", role, null, Instant.now().plusSeconds(3600));
    }

    public static String expired(String role) {
        return sign(KEYS, "late", role, null, Instant.now().minusSeconds(60));
    }

    private static String sign(KeyPair keys, String subject, String role, String accountId, Instant expiry) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).issuer("extauth-test")
                .issueTime(new Date()).expirationTime(Date.from(expiry)).claim("roles", List.of(role));
        if (accountId != null) {
            claims.claim("accountId", accountId);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
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
