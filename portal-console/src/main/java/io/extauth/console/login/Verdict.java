package io.extauth.console.login;

import io.extauth.console.api.Api;
import io.extauth.console.users.TwoFactorState;
import org.jspecify.annotations.Nullable;

/**
 * What the login demo tells the person once a challenge is decided: the help page's words for each outcome, with the
 * count of failures in a row and, when locked, until when.
 */
public record Verdict(String tone, String headline, String detail) {

    public static Verdict of(String outcome, Api.@Nullable Factor factor) {
        int failures = factor == null ? 0 : factor.consecutiveFailures();
        return switch (outcome) {
            case "SUCCEEDED" -> new Verdict("ok", "Signed in", "The second factor was confirmed.");
            case "FAILED" -> new Verdict("bad", "Not signed in", "The answer was wrong or declined. " + inARow(failures));
            case "EXPIRED" -> new Verdict("bad", "Not signed in", "There was no answer in time. " + inARow(failures));
            case "LOCKED_OUT", "REJECTED_LOCKED" -> lockedOut(factor == null ? null : factor.lockedUntil());
            // the telephony provider could not reach the phone: nothing rang, so nothing counts against the person
            case "NOT_DELIVERED" -> new Verdict("warn", "We could not reach your phone",
                    "The call, text or app notification could not be sent. This does not count as an unsuccessful "
                            + "attempt; try again in a moment.");
            // an admin changed how the person is reached or checked while the phone rang: nothing counts
            case "WITHDRAWN" -> new Verdict("warn", "This sign-in was withdrawn",
                    "Your two-factor settings changed while we waited for your answer (a new phone, method or PIN). "
                            + "This does not count as an unsuccessful attempt; sign in again.");
            default -> new Verdict("muted", "Decided", outcome);
        };
    }

    public static Verdict lockedOut(java.time.@Nullable Instant until) {
        return new Verdict("bad", "You are locked out",
                "Too many unsuccessful attempts: you are " + TwoFactorState.lockedUntil(until)
                        + ". An admin of your account can unlock you earlier.");
    }

    private static String inARow(int failures) {
        return failures == 1 ? "1 unsuccessful attempt in a row." : failures + " unsuccessful attempts in a row.";
    }
}
