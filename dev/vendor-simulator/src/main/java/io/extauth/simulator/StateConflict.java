package io.extauth.simulator;

/** A user action that the current state does not allow, e.g. answering a call that stopped ringing; a 409 problem. */
public class StateConflict extends RuntimeException {

    private final String code;

    public StateConflict(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
