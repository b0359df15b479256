package io.extauth.simulator.telephony.call;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The keys the user presses on the phone, e.g. {@code #}, {@code 1234#} or {@code 0#}. */
record AnswerCall(@NotNull @Pattern(regexp = "^[0-9*#]{1,32}$", message = "must be 1 to 32 of 0-9, * and #")
        String keys) {

    /** Keys may be a PIN: never in a log. */
    @Override
    public String toString() {
        return "AnswerCall[keys=******]";
    }
}
