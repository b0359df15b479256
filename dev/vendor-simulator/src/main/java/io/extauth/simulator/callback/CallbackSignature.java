package io.extauth.simulator.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The {@code X-Extauth-Signature} header of a callback: {@code t=<unix seconds>,v1=<hex>}, where hex is the lowercase
 * HMAC-SHA256, keyed with the shared callback secret (UTF-8), of {@code <t>.<path>.<exact body bytes>} and path is
 * the callback URL's path as sent (e.g. {@code /callbacks/telephony}). Signing the time and the path means a captured
 * callback cannot be replayed later or sent to another endpoint. Receivers verify the bytes they received, before
 * parsing them, compare in constant time, refuse a {@code t} more than a few minutes from now, and take each signature
 * once.
 */
public final class CallbackSignature {

    public static final String HEADER = "X-Extauth-Signature";

    private static final Pattern FORMAT = Pattern.compile("t=(\\d{1,12}),v1=([0-9a-f]{64})");

    private CallbackSignature() {
    }

    /** The header value for a body posted to {@code path} at {@code signedAt}. */
    public static String sign(String secret, Instant signedAt, String path, byte[] body) {
        long seconds = signedAt.getEpochSecond();
        return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(hmacSha256(secret, seconds, path, body));
    }

    /**
     * Whether the header value is the signature of the body for the path; false for a missing or malformed header.
     * The age of {@link #signedAt(String) the timestamp} is the receiver's to judge.
     */
    public static boolean verify(String secret, String path, byte[] body, @Nullable String header) {
        Matcher parts = header == null ? null : FORMAT.matcher(header);
        if (parts == null || !parts.matches()) {
            return false;
        }
        byte[] expected = hmacSha256(secret, Long.parseLong(parts.group(1)), path, body);
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts.group(2)));
    }

    /** The signed timestamp of a well-formed header, else null. */
    public static @Nullable Instant signedAt(@Nullable String header) {
        Matcher parts = header == null ? null : FORMAT.matcher(header);
        return parts != null && parts.matches() ? Instant.ofEpochSecond(Long.parseLong(parts.group(1))) : null;
    }

    private static byte[] hmacSha256(String secret, long seconds, String path, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((seconds + "." + path + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }
}
