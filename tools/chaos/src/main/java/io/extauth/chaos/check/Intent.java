package io.extauth.chaos.check;

/** What the driver did with a challenge it was given: the only things that may earn a strike are WRONG and UNANSWERED. */
public enum Intent {
    /** answered with the right key or code */
    RIGHT,
    /** answered wrong on purpose */
    WRONG,
    /** left to expire on purpose */
    UNANSWERED
}
