package io.extauth.challenge.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A vendor callback is genuine when its {@code X-Extauth-Signature} is {@code t=<unix seconds>,v1=<hex>}, where hex
 * is the lowercase HMAC-SHA256 under the shared secret of {@code <t>.<request path>.<exact body bytes>}, compared in
 * constant time before parsing, and {@code t} lies within the tolerance of now (either way). The timestamp and the
 * path are signed so a captured callback cannot be sent again later or to another endpoint; a replay within the
 * window is the adapter's to refuse, by the {@link Check#signature() signature} it remembers.
 */
public final class CallbackSignatureRules {

    public static final String HEADER = "X-Extauth-Signature";

    private static final Pattern FORMAT = Pattern.compile("t=(\\d{1,12}),v1=([0-9a-f]{64})");

    /** Why a callback was refused, or that it was not. */
    public enum Verdict {
        GENUINE, MALFORMED, WRONG_SIGNATURE, TOO_OLD, FROM_THE_FUTURE
    }

    /**
     * @param verdict what the header says about the callback
     * @param signedAt the signed timestamp, when the header could be read
     * @param signature the {@code v1} value, when the header could be read: the key to remember against replays
     */
    public record Check(Verdict verdict, @Nullable Instant signedAt, @Nullable String signature) {

        public boolean genuine() {
            return verdict == Verdict.GENUINE;
        }
    }

    private CallbackSignatureRules() {
    }

    /** The header value for a body posted to {@code path} at {@code signedAt}. */
    public static String sign(String secret, Instant signedAt, String path, byte[] body) {
        long seconds = signedAt.getEpochSecond();
        return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, seconds, path, body));
    }

    public static Check check(String secret, String path, byte[] body, @Nullable String header, Instant now,
            Duration tolerance) {
        Matcher parts = header == null ? null : FORMAT.matcher(header.strip());
        if (parts == null || !parts.matches()) {
            return new Check(Verdict.MALFORMED, null, null);
        }
        long seconds = Long.parseLong(parts.group(1));
        Instant signedAt = Instant.ofEpochSecond(seconds);
        String signature = parts.group(2);
        // the MAC first: an unsigned request learns nothing about the clock or the window
        if (!MessageDigest.isEqual(hmac(secret, seconds, path, body), HexFormat.of().parseHex(signature))) {
            return new Check(Verdict.WRONG_SIGNATURE, signedAt, signature);
        }
        if (signedAt.isBefore(now.minus(tolerance))) {
            return new Check(Verdict.TOO_OLD, signedAt, signature);
        }
        if (signedAt.isAfter(now.plus(tolerance))) {
            return new Check(Verdict.FROM_THE_FUTURE, signedAt, signature);
        }
        return new Check(Verdict.GENUINE, signedAt, signature);
    }

    private static byte[] hmac(String secret, long seconds, String path, byte[] body) {
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
