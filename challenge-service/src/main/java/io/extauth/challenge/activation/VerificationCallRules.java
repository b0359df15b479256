package io.extauth.challenge.activation;

import org.jspecify.annotations.Nullable;

/**
 * What the telephony vendor's report of a verification call comes to: only a call answered with {@code #} proves the
 * number is the user's and saves it. A call that rang out, or was answered without {@code #}, is a failed verification
 * of the user's (the limit of failed verifications counts it). A call the vendor lost ({@code FAILED}: an outage) is
 * not: the user could not answer it.
 */
public final class VerificationCallRules {

    /** The vendor's status of a call picked up. */
    static final String ANSWERED = "ANSWERED";
    /** The vendor's status of a call it lost. */
    static final String FAILED = "FAILED";
    /** The key that confirms. */
    static final String CONFIRM_KEY = "#";

    private VerificationCallRules() {
    }

    /**
     * @param confirmed the phone is saved
     * @param countsAsFailure not confirmed, and counted toward the user's failed verifications
     * @param reason what the verification says to the user
     */
    public record Outcome(boolean confirmed, boolean countsAsFailure, String reason) {
    }

    public static Outcome outcome(String status, @Nullable String keys) {
        if (FAILED.equals(status)) {
            return new Outcome(false, false, "The telephony vendor lost the call (an outage); the phone was not saved. "
                    + "It does not count as a failed verification: verify again.");
        }
        if (ANSWERED.equals(status) && CONFIRM_KEY.equals(keys)) {
            return new Outcome(true, false, "Answered with #.");
        }
        return new Outcome(false, true, ANSWERED.equals(status)
                ? "The call was answered but # was not pressed; the phone was not saved."
                : "The call was not answered; the phone was not saved.");
    }
}
