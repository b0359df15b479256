package io.extauth.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * RS256 bearer tokens signed with the local stack's private key ({@code jwt-private.pem}, PKCS#8), with the claims
 * {@code ./extauth token} writes: sub, iss, aud, iat, exp, roles and, for admins, accountId. Plain JCA, no JOSE library.
 */
public final class Tokens {

    public static final String ISSUER = "extauth-local";
    public static final String AUDIENCE = "extauth";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final String issuer;

    public Tokens(PrivateKey key) {
        this(key, ISSUER);
    }

    /** With another stack's {@code iss} (a cluster's {@code EXTAUTH_JWT_ISSUER}). */
    public Tokens(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    public Tokens withIssuer(String issuer) {
        return new Tokens(key, issuer);
    }

    public static Tokens fromKeysDir(Path keysDir) {
        return fromPrivateKey(keysDir.resolve("jwt-private.pem"));
    }

    /** From a PKCS#8 PEM file. */
    public static Tokens fromPrivateKey(Path file) {
        try {
            String base64 = Files.readString(file, StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return new Tokens(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (is --keys-dir the stack's keys directory?)", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 RSA private key", e);
        }
    }

    public String portal(String subject, Duration ttl) {
        return sign(subject, "PORTAL", null, ttl);
    }

    public String sign(String subject, String role, String accountId, Duration ttl) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("iss", issuer);
        claims.put("aud", AUDIENCE);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("roles", List.of(role));
        if (accountId != null) {
            claims.put("accountId", accountId);
        }
        try {
            String signingInput = part(Map.of("alg", "RS256", "typ", "JWT")) + "." + part(claims);
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rs256.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    private static String part(Map<String, Object> json) throws IOException {
        return URL.encodeToString(JSON.writeValueAsBytes(json));
    }
}
