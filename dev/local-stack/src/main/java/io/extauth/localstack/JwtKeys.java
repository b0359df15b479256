package io.extauth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The RSA key pair the services trust for bearer tokens: {@code jwt-private.pem} (PKCS#8) and {@code jwt-public.pem}
 * (X.509 SubjectPublicKeyInfo) in the keys directory, generated the first time and reused afterwards. The private key
 * file and the directory are readable by the owner only.
 */
public final class JwtKeys implements AutoCloseable {

    /** The iss of the local stack's tokens; the services it starts are told to expect it. */
    public static final String ISSUER = "extauth-local";
    /** The aud of the local stack's tokens: the services' default audience. */
    public static final String AUDIENCE = "extauth";
    public static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";

    private final Path keysDir;
    private final Clock clock;
    private final RSAPrivateKey privateKey;
    private final RSAPublicKey publicKey;

    public JwtKeys(Path keysDir) {
        this(keysDir, Clock.systemUTC());
    }

    public JwtKeys(Path keysDir, Clock clock) {
        this.keysDir = keysDir.toAbsolutePath();
        this.clock = clock;
        try {
            if (!Files.exists(privateKeyFile()) || !Files.exists(publicKeyFile())) {
                generate();
            }
            // keys from an older stack were world-readable: anyone on the machine could sign any token
            StackSecrets.restrict(privateKeyFile(), StackSecrets.OWNER_ONLY);
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            this.privateKey = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(readPem(privateKeyFile())));
            this.publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(readPem(publicKeyFile())));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write the JWT keys in " + this.keysDir, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the JWT keys in " + this.keysDir + " are unreadable; delete them to get new ones", e);
        }
    }

    public Path privateKeyFile() {
        return keysDir.resolve(PRIVATE_KEY_FILE);
    }

    public Path publicKeyFile() {
        return keysDir.resolve(PUBLIC_KEY_FILE);
    }

    /** The value for {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
    public String publicKeyLocation() {
        return "file:" + publicKeyFile();
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** A compact RS256 JWT with sub, iss, aud, iat, exp, roles and (when given) accountId. */
    public String sign(TokenRequest request) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(request.subject())
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(request.ttl())))
                .claim("roles", List.of(request.role().name()));
        if (request.accountId() != null) {
            claims.claim("accountId", request.accountId());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(privateKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the token", e);
        }
        return jwt.serialize();
    }

    /** Nothing to release: the keys stay on disk for the next run. */
    @Override
    public void close() {
    }

    private void generate() throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        StackSecrets.createPrivateDirectory(keysDir);
        Files.deleteIfExists(privateKeyFile());
        StackSecrets.writeOwnerOnly(privateKeyFile(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicKeyFile(), pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] readPem(Path file) throws IOException {
        String base64 = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
