package io.extauth.contract;

/**
 * What one {@code FactorSettingsChanged} changed. The user's e-mail names each; none carries a secret or a number in
 * clear. Consumers should treat a value they do not know as "something changed" (the contract may add values).
 */
public enum FactorChange {
    /** The method changed without adding or dropping a PIN (e.g. PHONE_CALL_STANDARD to SMS_ONE_TIME). */
    METHOD,
    /** A PIN method was chosen with a new PIN where none was on file. */
    PIN_ADDED,
    /** A new PIN replaced the one on file. */
    PIN_CHANGED,
    /** A PIN method was switched to a method without PIN: the PIN is gone. */
    PIN_REMOVED,
    /** An admin of the account reset the PIN; the next challenge waits for a new one. */
    PIN_RESET,
    /** A verified phone filled the empty primary slot. */
    PRIMARY_PHONE_ADDED,
    /** A verified phone replaced the primary phone. */
    PRIMARY_PHONE_CHANGED,
    /** A verified phone filled the empty secondary slot. */
    SECONDARY_PHONE_ADDED,
    /** A verified phone replaced the secondary phone. */
    SECONDARY_PHONE_CHANGED,
    /** Settings status INACTIVE: challenges are suspended. */
    SUSPENDED,
    /** Settings status ACTIVE again after INACTIVE: challenges resume. */
    RESUMED
}
