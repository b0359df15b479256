package io.extauth.simulator.telephony.push;

/** The user taps Deny, optionally reporting the attempt as fraud. */
record DenyPush(boolean reportFraud) {

    static final DenyPush PLAIN = new DenyPush(false);
}
