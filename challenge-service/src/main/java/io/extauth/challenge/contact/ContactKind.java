package io.extauth.challenge.contact;

/** What reached (or tried to reach) a user, as the limits count it. */
public enum ContactKind {
    /** A login challenge by phone call. */
    CALL,
    /** A login challenge by text message. */
    SMS,
    /** A login challenge by app push. */
    PUSH,
    /** A call that verifies a phone the user wants to use. */
    VERIFICATION_CALL,
    /** A verification call that ended without {@code #}: not a contact, but counted against further verifications. */
    FAILED_VERIFICATION
}
