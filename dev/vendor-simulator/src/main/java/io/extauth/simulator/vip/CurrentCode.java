package io.extauth.simulator.vip;

/** The security code a token shows now and for how many more seconds. */
public record CurrentCode(String credentialId, String code, int validForSeconds) {

    /** Codes must never reach a log, not even through a debug print of this record. */
    @Override
    public String toString() {
        return "CurrentCode[credentialId=" + credentialId + ", code=******, validForSeconds=" + validForSeconds + "]";
    }
}
