package io.extauth.console.signin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
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
import io.extauth.console.ConsoleProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Development only: tokens signed with the local stack's private key, with the claims {@code ./extauth token} puts
 * in (the same as local-stack's {@code JwtKeys.sign}, which this module cannot depend on: the local stack depends on
 * it). Without {@code extauth.console.dev-sign-in.private-key-file} no key is read and no token is ever minted.
 */
@Component
public class DevTokens implements Tokens {

    private final ConsoleProperties.DevSignIn settings;
    private final Clock clock;
    private final @Nullable RSAPrivateKey privateKey;

    @Autowired
    public DevTokens(ConsoleProperties properties) {
        this(properties.devSignIn(), Clock.systemUTC());
    }

    DevTokens(ConsoleProperties.DevSignIn settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.privateKey = settings.privateKeyFile() == null ? null : read(settings);
    }

    public boolean enabled() {
        return privateKey != null;
    }

    @Override
    public String tokenFor(Visitor visitor) {
        if (privateKey == null) {
            throw new IllegalStateException("the dev sign-in is off: extauth.console.dev-sign-in.private-key-file is "
                    + "not set");
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(visitor.name())
                .issuer(settings.issuer())
                .audience(settings.audience())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.tokenTtl())));
        if (visitor.admin()) {
            claims.claim("roles", List.of("ADMIN")).claim("accountId", visitor.accountId());
        } else {
            // the portal acting for its signed-in user, as a real portal would call extauth
            claims.claim("roles", List.of("PORTAL"));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(privateKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the token", e);
        }
        return jwt.serialize();
    }

    private static RSAPrivateKey read(ConsoleProperties.DevSignIn settings) {
        try {
            String base64 = Files.readString(settings.privateKeyFile(), StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("extauth.console.dev-sign-in.private-key-file "
                    + settings.privateKeyFile() + " is unreadable", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("extauth.console.dev-sign-in.private-key-file " + settings.privateKeyFile()
                    + " is not a PKCS#8 RSA private key in PEM", e);
        }
    }
}
