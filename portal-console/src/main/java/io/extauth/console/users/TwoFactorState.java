package io.extauth.console.users;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.extauth.console.api.Api;
import org.jspecify.annotations.Nullable;

/**
 * A user's two-factor state at a glance, as the help page names it: none, ordered, provisioned, active,
 * "locked until …", deactivated. {@code tone} is what the badge's colour says.
 */
public record TwoFactorState(String label, String tone) {

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    public static final TwoFactorState NONE = new TwoFactorState("none", "muted");

    public static TwoFactorState of(Api.Factor factor) {
        return switch (factor.state()) {
            case "ORDERED" -> new TwoFactorState("ordered", "info");
            case "PROVISIONED" -> new TwoFactorState("provisioned", "info");
            case "ACTIVE" -> "INACTIVE".equals(factor.settingsStatus())
                    ? new TwoFactorState("active, suspended", "warn") : new TwoFactorState("active", "ok");
            case "LOCKED" -> new TwoFactorState(lockedUntil(factor.lockedUntil()), "bad");
            case "DEACTIVATED" -> new TwoFactorState("deactivated", "muted");
            default -> NONE;
        };
    }

    /** "locked until 30 Nov 2026, 14:05 UTC", or "locked until an admin unlocks" for a fraud report's lock. */
    public static String lockedUntil(@Nullable Instant until) {
        return until == null ? "locked until an admin unlocks" : "locked until " + UNTIL.format(until);
    }
}
