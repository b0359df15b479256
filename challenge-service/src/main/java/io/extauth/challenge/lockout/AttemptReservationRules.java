package io.extauth.challenge.lockout;

import java.time.Duration;
import java.time.Instant;

/**
 * When an attempt whose answer a vendor judges may go ahead: only while the strikes already counted plus the attempts
 * still waiting for the vendor's verdict stay below the limit, so even if every attempt in flight turns out wrong, no
 * more are checked than the limit allows. A reservation lapses after {@code lease}, so a crashed instance cannot hold
 * the user's attempts for ever.
 */
public record AttemptReservationRules(int maxFailures, Duration lease) {

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
        return maxFailures - countedFailures;
    }

    public Instant expiresAt(Instant now) {
        return now.plus(lease);
    }

    /** How long to wait before looking again while every remaining attempt is in flight: 10 ms doubling to 200 ms. */
    public static Duration pause(int round) {
        return Duration.ofMillis(Math.min(200, 10L << Math.min(round, 5)));
    }
}
