package io.extauth.bench.scenario;

/**
 * Symantec VIP codes are TOTP with 30-second steps, and each step's code is accepted once per credential (the current
 * step or one step of drift either way). A user can answer with the current step's code if it is not used yet, else
 * with the next step's ({@code ?step=next}), else has to wait for the next step.
 */
public final class VipSteps {

    public static final long STEP_SECONDS = 30;

    /** Which code a user whose highest used step is {@code highestUsed} can type at step {@code current}. */
    public enum Use { CURRENT, NEXT, WAIT }

    private VipSteps() {
    }

    public static long stepAt(long epochMillis) {
        return epochMillis / 1000 / STEP_SECONDS;
    }

    public static long now() {
        return stepAt(System.currentTimeMillis());
    }

    public static Use use(long highestUsed, long current) {
        if (highestUsed < current) {
            return Use.CURRENT;
        }
        return highestUsed == current ? Use.NEXT : Use.WAIT;
    }

    /** Milliseconds until step {@code step} begins. */
    public static long millisUntil(long step, long nowMillis) {
        return Math.max(0, step * STEP_SECONDS * 1000 - nowMillis);
    }
}
