package io.extauth.challenge.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which sign-in an open challenge answers. A user has one open challenge per channel, so that asking again never rings
 * twice; but the answer to it passes every sign-in that was given it. A portal or VPN gateway names its sign-in
 * attempt ({@code loginId}), and the open challenge goes back only to the sign-in it was issued for: a second sign-in
 * meanwhile (an attacker's, started with the user's password while the user signs in) is refused until the open one
 * ends, and never learns its id. A caller that names no sign-in shares the open challenge with every other caller that
 * names none, as before this rule.
 */
public final class SignInRules {

    /** Printable ASCII without spaces, at most 128 characters: a session id, a UUID, a RADIUS state. */
    private static final Pattern LOGIN_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private SignInRules() {
    }

    /** Whether a caller's {@code loginId} is one this service keeps. */
    public static boolean validLoginId(String loginId) {
        return LOGIN_ID.matcher(loginId).matches();
    }

    /**
     * What a challenge keeps of the sign-in: the SHA-256 of its {@code loginId} (hex), never the id itself, which a
     * portal may take from its session; null when the caller named none.
     */
    public static @Nullable String keyOf(@Nullable String loginId) {
        if (loginId == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(loginId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Whether the sign-in named by {@code signInKey} may be given the user's {@code open} challenge: only the sign-in
     * it was issued for, or, when it was issued for no named sign-in, a caller that names none either.
     */
    public static boolean mayShare(Challenge open, @Nullable String signInKey) {
        return Objects.equals(open.signInKey(), signInKey);
    }

    /** Seconds until the open challenge that refused another sign-in can no longer be open; at least one. */
    public static long retryAfterSeconds(Challenge open, Instant now) {
        Duration left = Duration.between(now, open.expiresAt());
        return Math.max(1, left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
    }
}
