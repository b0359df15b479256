package io.extauth.simulator.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The {@code X-Extauth-Signature} header of a callback: {@code sha256=} followed by the lowercase hex HMAC-SHA256 of
 * the exact body bytes, keyed with the shared callback secret (UTF-8). Receivers verify the bytes they received, before
 * parsing them, and compare in constant time.
 */
public final class CallbackSignature {

    public static final String HEADER = "X-Extauth-Signature";

    private static final String PREFIX = "sha256=";

    private CallbackSignature() {
    }

    /** The header value for a body. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    /** Whether the header value is the signature of the body; false for a missing or malformed header. */
    public static boolean verify(String secret, byte[] body, @Nullable String header) {
        if (header == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(secret, body), given);
    }

    private static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }
}
