package io.extauth.challenge.factor.adapter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.stereotype.Component;

/**
 * PINs and one-time codes are kept only as peppered bcrypt hashes: {@value #PEPPERED}, the bcrypt salt (29
 * characters), then the hex HMAC-SHA256 under the pepper of the bcrypt hash. The database alone therefore does not let
 * anyone test a guess, however few PINs there are; with the pepper too, each guess still costs one bcrypt.
 * <p>
 * The pepper is applied after bcrypt, not before, so that a hash from before peppering (plain bcrypt) can be
 * {@link #pepper(String) upgraded} without knowing the PIN; {@link LegacyHashUpgrade} does that at startup.
 */
@Component
public class Secrets {

    public static final String PEPPERED = "{hmac-bcrypt}";
    private static final int SALT_LENGTH = 29; // "$2a$10$" and 22 characters of salt
    private static final int COST = 10;

    private final byte[] pepper;

    public Secrets(PinProperties properties) {
        this.pepper = properties.pepper().getBytes(StandardCharsets.UTF_8);
    }

    public String hash(String secret) {
        return pepper(BCrypt.hashpw(secret, BCrypt.gensalt(COST)));
    }

    public boolean matches(String secret, String hash) {
        if (!isPeppered(hash)) {
            // a hash not yet upgraded (LegacyHashUpgrade runs before traffic, so only in its own short window)
            return hash.startsWith("$2") && BCrypt.checkpw(secret, hash);
        }
        String salt = hash.substring(PEPPERED.length(), PEPPERED.length() + SALT_LENGTH);
        return MessageDigest.isEqual(pepper(BCrypt.hashpw(secret, salt)).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    public static boolean isPeppered(String hash) {
        return hash.startsWith(PEPPERED) && hash.length() == PEPPERED.length() + SALT_LENGTH + 64;
    }

    /** The peppered form of a plain bcrypt hash. */
    public String pepper(String bcryptHash) {
        return PEPPERED + bcryptHash.substring(0, SALT_LENGTH) + HexFormat.of().formatHex(hmac(bcryptHash));
    }

    private byte[] hmac(String bcryptHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return mac.doFinal(bcryptHash.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }
}
