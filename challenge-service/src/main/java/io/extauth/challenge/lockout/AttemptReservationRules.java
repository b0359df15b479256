package io.extauth.challenge.lockout;

import java.time.Duration;
import java.time.Instant;

/**
 * When an attempt whose answer a vendor judges may go ahead: only while the strikes already counted plus the attempts
 * still waiting for the vendor's verdict stay below the limit, so even if every attempt in flight turns out wrong, no
 * more are checked than the limit allows. A reservation lapses after {@code lease}, so a crashed instance cannot hold
 * the user's attempts for ever.
 */
public record AttemptReservationRules(int maxFailures, Duration lease, boolean oneAtATime) {

    /** Attempts each decided on their own (an activation code): as many in flight as strikes remain. */
    public AttemptReservationRules(int maxFailures, Duration lease) {
        this(maxFailures, lease, false);
    }

    /**
     * Attempts that may answer one and the same thing (the codes typed for one login challenge): one in flight at a
     * time per user. The first verdict decides the challenge; the others' verdicts were thrown away with no strike,
     * so answers sent at once had up to 5 + 4 + 3 + 2 + 1 codes checked at VIP before the lock instead of 5. One at a
     * time, an answer that follows a decided challenge is answered "decided already" without asking VIP.
     */
    public static AttemptReservationRules oneAtATime(int maxFailures, Duration lease) {
        return new AttemptReservationRules(maxFailures, lease, true);
    }

    public AttemptReservationRules {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
    }

    /**
     * How many attempts may be in flight at once, given the strikes that count now: one more attempt may be checked
     * only while the live reservations are fewer (the reserving statement counts them and inserts in one go).
     */
    public int inFlightAllowed(int countedFailures) {
        int remaining = maxFailures - countedFailures;
        return oneAtATime ? Math.min(1, remaining) : remaining;
    }

    public Instant expiresAt(Instant now) {
        return now.plus(lease);
    }

    /** How long to wait before looking again while every remaining attempt is in flight: 10 ms doubling to 200 ms. */
    public static Duration pause(int round) {
        return Duration.ofMillis(Math.min(200, 10L << Math.min(round, 5)));
    }
}
