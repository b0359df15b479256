package io.extauth.simulator.telephony.push;

import org.jspecify.annotations.Nullable;

/** The user taps Approve, entering a PIN if the push asks for one. */
record ApprovePush(@Nullable String pin) {

    static final ApprovePush WITHOUT_PIN = new ApprovePush(null);

    @Override
    public String toString() {
        return "ApprovePush[pin=******]";
    }
}
