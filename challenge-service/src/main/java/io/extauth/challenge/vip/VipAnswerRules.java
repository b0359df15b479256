package io.extauth.challenge.vip;

import org.jspecify.annotations.Nullable;

/**
 * What an answer of VIP's validate call amounts to. Only VIP's explicit verdict on the code (200 with
 * {@code valid:false} and {@code reason} WRONG_CODE or CODE_ALREADY_USED) is the user's mistake and a strike; any other
 * status, a body without a verdict, or an unknown reason is a vendor failure: nobody can tell whether the code was right.
 */
public final class VipAnswerRules {

    /** VIP's reasons, as its validate call names them. */
    public static final String ACCEPTED = "ACCEPTED";
    public static final String WRONG_CODE = "WRONG_CODE";
    public static final String CODE_ALREADY_USED = "CODE_ALREADY_USED";

    /** VIP's answer, classified. */
    public sealed interface VipAnswer {
    }

    /** VIP judged the code: {@code valid}, or wrong for {@code reason}. */
    public record Verdict(boolean valid, String reason) implements VipAnswer {
    }

    /** VIP gave no verdict; {@code why} says what came back, without the code. */
    public record VendorFailure(String why) implements VipAnswer {
    }

    private VipAnswerRules() {
    }

    /**
     * @param status the HTTP status of VIP's answer
     * @param valid  the body's {@code valid}, null when missing, not a boolean or the body not JSON
     * @param reason the body's {@code reason}, null when missing or not text
     */
    public static VipAnswer classify(int status, @Nullable Boolean valid, @Nullable String reason) {
        if (status != 200) {
            return new VendorFailure("HTTP " + status);
        }
        if (Boolean.TRUE.equals(valid) && ACCEPTED.equals(reason)) {
            return new Verdict(true, ACCEPTED);
        }
        if (Boolean.FALSE.equals(valid) && (WRONG_CODE.equals(reason) || CODE_ALREADY_USED.equals(reason))) {
            return new Verdict(false, reason);
        }
        return new VendorFailure("HTTP 200 without a verdict");
    }
}
