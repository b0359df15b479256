package io.extauth.challenge.login;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What the telephony gateway reported about a call, text or push, as its callback says. Kind and status are closed
 * sets; the callback carries them as strings, and a value this service does not know is {@code OTHER}, which no rule
 * accepts as an answer.
 */
public record PhoneAnswer(Kind kind, Status status, @Nullable String keys, @Nullable String text,
        @Nullable String pin, boolean reportFraud) implements ChallengeAnswer {

    /** How the user was reached. */
    public enum Kind {
        CALL, SMS, PUSH, OTHER;

        /** The callback's {@code kind}; unknown or missing is {@code OTHER}. */
        public static Kind of(@Nullable String kind) {
            return Arrays.stream(values()).filter(k -> k != OTHER && k.name().equals(kind)).findFirst().orElse(OTHER);
        }
    }

    /**
     * What became of it: ANSWERED or UNANSWERED (call), REPLIED (SMS), APPROVED or DENIED (push); FAILED (any kind):
     * the vendor lost it, e.g. an outage cut the call, so the user could not act on it.
     */
    public enum Status {
        ANSWERED, UNANSWERED, REPLIED, APPROVED, DENIED, FAILED, OTHER;

        /** The callback's {@code status}; unknown or missing is {@code OTHER}. */
        public static Status of(@Nullable String status) {
            return Arrays.stream(values()).filter(s -> s != OTHER && s.name().equals(status)).findFirst()
                    .orElse(OTHER);
        }
    }

    @Override
    public String toString() {
        return "PhoneAnswer[" + kind + ", " + status + ", reportFraud=" + reportFraud + "]";
    }
}
