package io.extauth.simulator.telephony.sms;

import jakarta.validation.constraints.NotNull;

/** What the user texts back. */
record ReplySms(@NotNull String text) {

    @Override
    public String toString() {
        return "ReplySms[text=******]";
    }
}
