package io.extauth.simulator.vip;

/** The outcome of validating a security code against a credential. */
public enum CodeCheck {
    ACCEPTED,
    WRONG_CODE,
    CODE_ALREADY_USED;

    public boolean valid() {
        return this == ACCEPTED;
    }
}
