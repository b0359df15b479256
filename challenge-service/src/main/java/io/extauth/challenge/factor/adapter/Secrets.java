package io.extauth.challenge.factor.adapter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
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
    /** The most bcrypt reads of a secret; it refuses a longer one. */
    private static final int BCRYPT_MAX_BYTES = 72;

    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final byte[] pepper;
    private final SecretKeySpec sealingKey;
    private final SecretKeySpec countingKey;
    private final SecureRandom random = new SecureRandom();

    public Secrets(PinProperties properties) {
        this.pepper = properties.pepper().getBytes(StandardCharsets.UTF_8);
        // its own key, derived from the pepper: a sealed value and a hash never share a key
        this.sealingKey = new SecretKeySpec(hmac("extauth sealed secret v1"), "AES");
        this.countingKey = new SecretKeySpec(hmac("extauth counting key v1"), "HmacSHA256");
    }

    /**
     * A key to count something by without keeping it (a phone number the contact limits count calls to), HMAC-SHA256
     * under a key derived from the pepper: unlike a plain SHA-256, the database alone does not give the number back
     * (a country's numbers are few enough to try them all against an unkeyed hash in minutes).
     */
    public String countingKey(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(countingKey);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }

    /**
     * A secret that must be read back (a text's one-time code while it waits to be sent), encrypted with AES-GCM under
     * a key derived from the pepper: like the hashes, the database alone does not reveal it.
     */
    public String seal(String secret) {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_LENGTH + sealed.length);
            System.arraycopy(sealed, 0, out, IV_LENGTH, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is required of every Java runtime", e);
        }
    }

    /** The secret {@link #seal} sealed; fails when it was sealed under another pepper or altered. */
    public String unseal(String sealed) {
        byte[] in = Base64.getDecoder().decode(sealed);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealingKey, new GCMParameterSpec(TAG_BITS, in, 0, IV_LENGTH));
            return new String(cipher.doFinal(in, IV_LENGTH, in.length - IV_LENGTH), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed secret could not be opened (another pepper, or altered)", e);
        }
    }

    public String hash(String secret) {
        return pepper(BCrypt.hashpw(secret, BCrypt.gensalt(COST)));
    }

    /**
     * Whether a secret entered is the one hashed. One longer than bcrypt reads (72 bytes) is no PIN or code that
     * could have been hashed (a PIN has at most 8 digits), and bcrypt would refuse it with an exception: it matches
     * nothing.
     */
    public boolean matches(String secret, String hash) {
        if (secret.length() > BCRYPT_MAX_BYTES || secret.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
            return false;
        }
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
