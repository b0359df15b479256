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
 * <p>
 * The rule protects the sign-in that came first: if the thief's came first, the user's own is the one refused, and
 * that refusal is the moment to warn the user that another sign-in is waiting. A sign-in is known by the caller (the
 * token's {@code sub}) together with its {@code loginId}, which the caller makes at random for each attempt: an id a
 * second sign-in could reproduce (a user name, an address, a counter) would be handed the first one's challenge.
 */
public final class SignInRules {

    /**
     * The sign-in of an open challenge this version cannot read (a later version wrote it, with a method added since):
     * no key of this version's, nor none, is it, so every sign-in meanwhile is refused until it ends, and none is
     * given it nor a second challenge beside it.
     */
    public static final String ANOTHER_VERSIONS = "another version's sign-in";

    /** Printable ASCII without spaces, at most 128 characters: a random id made for the attempt, a UUID. */
    private static final Pattern LOGIN_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private SignInRules() {
    }

    /** Whether a caller's {@code loginId} is one this service keeps. */
    public static boolean validLoginId(String loginId) {
        return LOGIN_ID.matcher(loginId).matches();
    }

    /**
     * What a challenge keeps of the sign-in: the SHA-256 (hex) of the caller's name and its {@code loginId}, never the
     * id itself; null when the caller named none. Two callers (two VPN gateways) that happen to use the same id are
     * two sign-ins.
     */
    public static @Nullable String keyOf(String caller, @Nullable String loginId) {
        if (loginId == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((caller + "\0" + loginId).getBytes(StandardCharsets.UTF_8)));
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
