package io.extauth.messaging.work;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A service's table of due work, as a {@link WorkRunner} claims it: the service writes the SQL for its own rows. */
public interface WorkQueue<T> {

    /**
     * Claims up to {@code limit} rows whose attempt is due and whose lease (if any) ran out, for {@code lease}, counting
     * the attempt, with a new token. {@code FOR UPDATE SKIP LOCKED} lets concurrent workers pass each other's rows; the
     * statement commits at once, so no row lock is held while the work is done.
     */
    List<Claim<T>> claimDue(Instant now, int limit, Duration lease);

    /**
     * Extends the lease of a claim to {@code until}, only while the claim still holds it (its token is the row's):
     * {@code false}, and nothing changed, when the lease went to another worker or the outcome was recorded.
     */
    boolean renewLease(Claim<T> claim, Instant until);

    /** Locks the claimed row for its outcome: the row as it is now, or empty when the lease went to another worker. */
    Optional<T> lockClaimed(Claim<T> claim);

    /**
     * Puts the claimed row's next attempt off until {@code until} and lets its lease go, only while the claim still
     * holds it: the work threw, and claiming it again as soon as the lease ran out would only fail again (a row this
     * version cannot act on, say). {@code false} when nothing changed. By default nothing is put off: the lease runs
     * out and the next poll tries again.
     */
    default boolean putOff(Claim<T> claim, Instant until) {
        return false;
    }
}
