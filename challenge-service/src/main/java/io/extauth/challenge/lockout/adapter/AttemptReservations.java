package io.extauth.challenge.lockout.adapter;

import io.extauth.challenge.lockout.AttemptReservationRules;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code attempt_reservation} table (see {@link AttemptReservationRules}). Every method must run in a transaction
 * that holds the user's row lock: that lock is what makes counting and reserving one step.
 */
@Repository
public class AttemptReservations {

    /** What an attempt is for; each has its own strike count. */
    public enum Purpose { LOGIN, ACTIVATION }

    private final JdbcTemplate jdbc;

    AttemptReservations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Reserves one attempt if the rules allow it now; lapsed reservations of the user are forgotten first. */
    public Optional<UUID> reserve(AttemptReservationRules rules, String accountId, String userId, Purpose purpose,
            int countedFailures, Instant now) {
        // one round trip: the lapsed rows go, the count (whose snapshot still sees them) leaves them out itself, and
        // the row is inserted only while the live ones stay below what the rules allow (the user's lock is held)
        UUID id = UUID.randomUUID();
        Timestamp at = Timestamp.from(now);
        int reserved = jdbc.update("""
                WITH lapsed AS (DELETE FROM attempt_reservation WHERE account_id = ? AND user_id = ? AND expires_at <= ?)
                INSERT INTO attempt_reservation (id, account_id, user_id, purpose, expires_at)
                SELECT ?, ?, ?, ?, ?::timestamptz WHERE (SELECT count(*) FROM attempt_reservation WHERE account_id = ?
                  AND user_id = ? AND purpose = ? AND expires_at > ?) < ?""", accountId, userId, at,
                id, accountId, userId, purpose.name(), Timestamp.from(rules.expiresAt(now)),
                accountId, userId, purpose.name(), at, rules.inFlightAllowed(countedFailures));
        return reserved == 1 ? Optional.of(id) : Optional.empty();
    }

    /** Whether an attempt of the user for {@code purpose} is in flight at {@code now} (read under the user's lock). */
    public boolean inFlight(String accountId, String userId, Purpose purpose, Instant now) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM attempt_reservation WHERE account_id = ? AND user_id = ? AND purpose = ?
                  AND expires_at > ?)""", Boolean.class, accountId, userId, purpose.name(), Timestamp.from(now)));
    }

    /** Ends the reservation; false when it had lapsed, so its verdict must not be counted any more. */
    public boolean release(UUID id, Instant now) {
        // the row goes either way; whether it was still live comes back with it
        List<Boolean> live = jdbc.queryForList("DELETE FROM attempt_reservation WHERE id = ? RETURNING expires_at > ?",
                Boolean.class, id, Timestamp.from(now));
        return !live.isEmpty() && Boolean.TRUE.equals(live.get(0));
    }
}
