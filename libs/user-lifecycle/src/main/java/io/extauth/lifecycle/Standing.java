package io.extauth.lifecycle;

/**
 * Where a user stands as the lifecycle sees it: the state and the consecutive failures counted so far (the machine's
 * extended state). The owner persists both and hands them back on the next trigger.
 */
public record Standing(LifecycleState state, int strikes) {

    public Standing {
        if (strikes < 0) {
            throw new IllegalArgumentException("strikes must not be negative, was " + strikes);
        }
    }

    public static Standing of(LifecycleState state) {
        return new Standing(state, 0);
    }
}
