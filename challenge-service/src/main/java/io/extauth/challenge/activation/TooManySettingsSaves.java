package io.extauth.challenge.activation;

import io.extauth.challenge.refusal.Refusal;
import java.util.Map;

/** A settings save beyond the saves allowed per caller or per user in the window: nothing was saved or sent. */
public class TooManySettingsSaves extends Refusal {

    /** Which bound refused the save. */
    public enum Reason {
        /** The caller (the token's subject) saved as often as is allowed within this account. */
        PER_CALLER,
        /** This user's settings were changed as often as is allowed. */
        PER_USER
    }

    public TooManySettingsSaves(Reason reason, long retryAfterSeconds) {
        super(Kind.TOO_MANY, "too-many-settings-saves", detail(reason) + " Nothing was saved and the user was not "
                + "notified. Try again in " + retryAfterSeconds + " s.",
                Map.of("reason", reason.name(), "retryAfterSeconds", retryAfterSeconds), retryAfterSeconds);
    }

    private static String detail(Reason reason) {
        return switch (reason) {
            case PER_CALLER -> "You changed PhoneFactor settings in this account as often as is allowed for now.";
            case PER_USER -> "This user's PhoneFactor settings were changed as often as is allowed for now.";
        };
    }
}
