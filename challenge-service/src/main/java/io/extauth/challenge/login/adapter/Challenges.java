package io.extauth.challenge.login.adapter;

import io.extauth.challenge.database.adapter.BatchedDelete;
import io.extauth.challenge.database.adapter.KnownValues;
import io.extauth.challenge.database.adapter.SqlRows;
import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.ChallengeStatus;
import io.extauth.challenge.login.SignInRules;
import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.messaging.outbox.AtCommit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code challenge} table. */
@Repository
class Challenges {

    private final JdbcTemplate jdbc;

    Challenges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The insert of one challenge; {@link #insertArguments} are its values. */
    static final String INSERT = """
            INSERT INTO challenge (id, account_id, user_id, channel, type, method, status, outcome, code_hash,
              created_at, expires_at, decided_at, issued_at, sign_in_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** The insert of a challenge decided as it is made (rejected while locked), with what it left of the strikes. */
    private static final String INSERT_DECIDED = """
            INSERT INTO challenge (id, account_id, user_id, channel, type, method, status, outcome, code_hash,
              created_at, expires_at, decided_at, issued_at, sign_in_key, consecutive_failures, remaining_attempts,
              locked_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /**
     * A pending challenge decided: its status, outcome and time, what the decision left of the user's strikes (as its
     * {@code ChallengeResult} says), its code's hash gone.
     */
    private static final String DECIDE = """
            UPDATE challenge SET status = ?, outcome = ?, decided_at = ?, code_hash = NULL, consecutive_failures = ?,
              remaining_attempts = ?, locked_until = ?
            WHERE id = ? AND status = 'PENDING'""";

    /** What a decision left of the user's strikes: the counts of its {@code ChallengeResult}. */
    record Counts(int consecutiveFailures, int remainingAttempts, @Nullable Instant lockedUntil) {

        static Counts of(StrikeRules.Decision decision) {
            return new Counts(decision.consecutiveFailures(), decision.remainingAttempts(), decision.lockedUntil());
        }
    }

    /** A challenge as {@code GET /api/challenges/{id}} shows it: with its decision's counts, if it has them. */
    record Viewed(Challenge challenge, @Nullable Counts counts) {
    }

    /**
     * Inserts the challenge with its transaction's commit ({@link AtCommit}): nothing later in the transaction reads
     * it, and a failed insert fails the commit, rolling back the transaction and its events.
     */
    void insertAtCommit(Challenge c) {
        AtCommit.update(jdbc, INSERT, insertArguments(c));
    }

    /** {@link #insertAtCommit} of a challenge decided as it is made, with what its decision left of the strikes. */
    void insertDecidedAtCommit(Challenge c, Counts counts) {
        List<Object> arguments = new ArrayList<>(Arrays.asList(insertArguments(c)));
        arguments.addAll(Arrays.asList(countArguments(counts)));
        AtCommit.update(jdbc, INSERT_DECIDED, arguments.toArray());
    }

    private static Object[] countArguments(Counts counts) {
        return new Object[] {counts.consecutiveFailures(), counts.remainingAttempts(), timestamp(counts.lockedUntil())};
    }

    /** The challenge with its decision's counts (none while pending, or for one decided before they were kept). */
    Optional<Viewed> view(UUID id) {
        return jdbc.query("SELECT * FROM challenge WHERE id = ?", (rs, row) -> new Viewed(map(rs, row), counts(rs)),
                id).stream().findFirst();
    }

    private static @Nullable Counts counts(ResultSet rs) throws SQLException {
        Integer failures = rs.getObject("consecutive_failures", Integer.class);
        Integer remaining = rs.getObject("remaining_attempts", Integer.class);
        return failures == null || remaining == null ? null
                : new Counts(failures, remaining, instant(rs.getTimestamp("locked_until")));
    }

    static Object[] insertArguments(Challenge c) {
        return new Object[] {c.id(), c.accountId(), c.userId(), c.channel().name(), c.type().name(),
            c.method() == null ? null : c.method().name(), c.status().name(),
            c.outcome() == null ? null : c.outcome().name(), c.codeHash(), Timestamp.from(c.createdAt()),
            Timestamp.from(c.expiresAt()), timestamp(c.decidedAt()), timestamp(c.issuedAt()), c.signInKey()};
    }

    Optional<Challenge> find(UUID id) {
        return first(findStatement(id).query(jdbc));
    }

    /** {@link #find}, for a caller that sends it behind another statement ({@code OneRoundTrip}). */
    static SqlRows<Challenge> findStatement(UUID id) {
        return SqlRows.of("SELECT * FROM challenge WHERE id = ?", Challenges::map, id);
    }

    static Optional<Challenge> first(List<Challenge> rows) {
        return rows.stream().findFirst();
    }

    /**
     * What ending an attempt reservation found: when the reservation was to expire ({@code null}: it was gone already),
     * and the challenge.
     */
    record Released(@Nullable Instant reservationExpiresAt, Optional<Challenge> challenge) {

        /** Whether the reservation still held at {@code now}: read the clock after the lock was taken. */
        boolean reservationLiveAt(Instant now) {
            return reservationExpiresAt != null && reservationExpiresAt.isAfter(now);
        }
    }

    /**
     * Ends an attempt reservation of the challenge's user ({@code AttemptReservations.release}: the row goes either
     * way) and reads the challenge, in one statement; for a caller that sends it behind the statement that locks the
     * user ({@code UserFactors.lockThen}), so the challenge is read as it is under that lock.
     */
    static SqlRows<Released> findReleasingStatement(UUID id, UUID reservation) {
        return SqlRows.of("""
                WITH released AS (DELETE FROM attempt_reservation WHERE id = ? RETURNING expires_at)
                SELECT r.reservation_expires_at, c.* FROM (SELECT (SELECT expires_at FROM released)
                  AS reservation_expires_at) r
                LEFT JOIN challenge c ON c.id = ?""", (rs, row) -> new Released(
                        instant(rs.getTimestamp("reservation_expires_at")),
                        rs.getObject("id") == null ? Optional.empty() : Optional.of(map(rs, row))),
                reservation, id);
    }

    /**
     * The user's challenges on this channel still waiting for their answer at {@code notBefore}, newest first: the
     * candidates {@link #openAt} picks from. For a caller that sends it behind the statement that locks the user and
     * reads its clock once the lock is taken: {@code notBefore}, read before, lets through every challenge that can
     * still be open then.
     */
    static SqlRows<Challenge> openCandidatesStatement(String accountId, String userId, LoginChannel channel,
            Instant notBefore, Instant unissuedSince) {
        return SqlRows.of("SELECT c.*," + readable("c") + "AS readable FROM challenge c"
                + " WHERE c.account_id = ? AND c.user_id = ? AND c.channel = ? AND c.status = 'PENDING'"
                + " AND c.expires_at > ? AND (c.issued_at IS NOT NULL OR c.created_at > ?)"
                + " ORDER BY c.created_at DESC", Challenges::candidate, accountId, userId, channel.name(),
                Timestamp.from(notBefore), Timestamp.from(unissuedSince));
    }

    /**
     * A candidate as {@link #map} reads it; one this version cannot read (a method or type a later version added)
     * stands for a challenge of {@link SignInRules#ANOTHER_VERSIONS}: its times are its own, which say how long it
     * stays open, and no sign-in of this version may share it, so each meanwhile is told to wait for it (409) instead
     * of failing on it (500) or being given a second challenge beside it. Its type and method are left out.
     */
    private static Challenge candidate(ResultSet rs, int row) throws SQLException {
        if (rs.getBoolean("readable")) {
            return map(rs, row);
        }
        return new Challenge(rs.getObject("id", UUID.class), rs.getString("account_id"), rs.getString("user_id"),
                LoginChannel.valueOf(rs.getString("channel")), AuthType.PHONEFACTOR, null, ChallengeStatus.PENDING,
                null, null, rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(), null,
                instant(rs.getTimestamp("issued_at")), SignInRules.ANOTHER_VERSIONS);
    }

    /** Of the candidates, newest first, the newest still open at {@code now} ({@link Challenge#isOpenAt}). */
    static Optional<Challenge> openAt(List<Challenge> candidates, Instant now, Instant unissuedSince) {
        return candidates.stream().filter(c -> c.isOpenAt(now, unissuedSince)).findFirst();
    }

    /**
     * The newest REJECTED_LOCKED challenge of the user and channel made after {@code since} with no move of the user's
     * lifecycle at or after it ({@code StrikeRules.REJECTION_STANDS}): the answer that still stands for a request made
     * while the user is locked. Read under the user's lock, so of requests at once only the first makes one; through
     * the partial index of the REJECTED_LOCKED challenges ({@code challenge_rejected_locked}, V240), newest first from
     * {@code since}: the rejections of the last minute, not every challenge the user ever had.
     */
    Optional<UUID> standingRejection(String accountId, String userId, LoginChannel channel, Instant since) {
        return jdbc.queryForList("""
                SELECT c.id FROM challenge c
                WHERE c.account_id = ? AND c.user_id = ? AND c.channel = ? AND c.status = 'LOCKED_OUT'
                  AND c.outcome = 'REJECTED_LOCKED' AND c.created_at > ?
                  AND NOT EXISTS (SELECT 1 FROM lifecycle_history h WHERE h.account_id = c.account_id
                                    AND h.user_id = c.user_id AND h.moved_at >= c.created_at)
                ORDER BY c.created_at DESC LIMIT 1""", UUID.class, accountId, userId, channel.name(),
                Timestamp.from(since)).stream().findFirst();
    }

    /** Records that the challenge's ChallengeIssued is being written; false when it was recorded before or is gone. */
    boolean markIssued(UUID id, Instant at) {
        return jdbc.update("UPDATE challenge SET issued_at = ? WHERE id = ? AND issued_at IS NULL",
                Timestamp.from(at), id) == 1;
    }

    /**
     * Decides a challenge read PENDING under its user's lock, with its transaction's commit ({@link AtCommit}): for a
     * transaction in which nothing later reads the challenge. Should it not be PENDING after all, the statement raises
     * ({@code decided_once}) and the commit fails, the transaction's events rolled back with it. The one row back is
     * a number (fixed width), so the driver sends the statements behind it without waiting.
     */
    void decideAtCommit(UUID id, ChallengeStatus status, ChallengeOutcome outcome, Instant at, Counts counts) {
        AtCommit.update(jdbc, "WITH decided AS (" + DECIDE + " RETURNING id) "
                + "SELECT decided_once((SELECT count(*) FROM decided), ?)", status.name(), outcome.name(),
                Timestamp.from(at), counts.consecutiveFailures(), counts.remainingAttempts(),
                timestamp(counts.lockedUntil()), id, id);
    }

    /** Decides a pending challenge; false when it was decided already (by another answer, callback or the timer). */
    boolean decide(UUID id, ChallengeStatus status, ChallengeOutcome outcome, Instant at, Counts counts) {
        return jdbc.update(DECIDE, status.name(), outcome.name(), Timestamp.from(at), counts.consecutiveFailures(),
                counts.remainingAttempts(), timestamp(counts.lockedUntil()), id) == 1;
    }

    /**
     * Forgets the challenges created before {@code createdBefore} that were never recorded as issued: only an instance
     * of the version before issue 12 leaves such a row (it died between creating one and ChallengeIssued); this
     * version writes ChallengeIssued with the challenge. Returns how many. In batches ({@link BatchedDelete}): the rows
     * a fleet of that version left could be more than one statement deletes within the socket timeout.
     */
    int deleteUnissuedCreatedBefore(Instant createdBefore) {
        return BatchedDelete.rowsOf(jdbc, "challenge", "status = 'PENDING' AND issued_at IS NULL AND created_at < ?",
                Timestamp.from(createdBefore)).all();
    }

    /**
     * Issued challenges whose time is up and whose delivery is settled (the user was reached): one whose call, text or
     * push is still with {@link ChallengeDelivery} never expires as a strike, it ends NOT_DELIVERED there; nor does a
     * Symantec challenge while a code its user typed is with VIP (a live LOGIN attempt reservation): the code was typed
     * in time, and VIP's verdict decides it ({@code TypedInTime}). Only those
     * this version can read ({@link #readable}): one a later version wrote (a method added since) is left to an instance
     * of that version; read here it would fail every tick, first in the batch, and no challenge behind it would expire.
     */
    List<UUID> pendingExpiredBy(Instant now, int limit) {
        return jdbc.queryForList("""
                SELECT id FROM challenge c WHERE status = 'PENDING' AND expires_at <= ? AND issued_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM challenge_delivery d WHERE d.challenge_id = c.id)
                  AND (c.type <> 'SYMANTEC_VIP' OR NOT EXISTS (SELECT 1 FROM attempt_reservation r
                        WHERE r.account_id = c.account_id AND r.user_id = c.user_id AND r.purpose = 'LOGIN'
                          AND r.expires_at > ?))
                  AND""" + readable("c") + "ORDER BY expires_at LIMIT ?", UUID.class, Timestamp.from(now),
                Timestamp.from(now), limit);
    }

    /** Remembers the key of a code VIP may have used in an answer whose verdict was lost (the last such code). */
    void rememberLostCode(UUID id, String key) {
        jdbc.update("UPDATE challenge SET lost_code_key = ? WHERE id = ?", key, id);
    }

    /** The key {@link #rememberLostCode} kept for the challenge; null when none. */
    @Nullable String lostCodeKey(UUID id) {
        return jdbc.query("SELECT lost_code_key FROM challenge WHERE id = ?", (rs, row) -> rs.getString(1), id)
                .stream().filter(Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * The condition on a challenge row (named {@code alias}) that its channel, type and method are ones this version
     * knows, so that mapping it cannot fail: for the statements that take many rows at once, where one row a later
     * version wrote would otherwise take the others hostage.
     */
    static String readable(String alias) {
        // spaces around it and its own parentheses: it is joined to text blocks, whose lines lose their trailing spaces
        return " (" + alias + ".channel IN (" + KnownValues.of(LoginChannel.values()) + ") AND " + alias + ".type IN ("
                + KnownValues.of(AuthType.values()) + ") AND (" + alias + ".method IS NULL OR " + alias + ".method IN ("
                + KnownValues.of(PhoneFactorMethod.values()) + "))) ";
    }

    private static Challenge map(ResultSet rs, int row) throws SQLException {
        String method = rs.getString("method");
        String outcome = rs.getString("outcome");
        return new Challenge(rs.getObject("id", UUID.class), rs.getString("account_id"), rs.getString("user_id"),
                LoginChannel.valueOf(rs.getString("channel")), AuthType.valueOf(rs.getString("type")),
                method == null ? null : PhoneFactorMethod.valueOf(method),
                ChallengeStatus.valueOf(rs.getString("status")),
                outcome == null ? null : ChallengeOutcome.valueOf(outcome), rs.getString("code_hash"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                instant(rs.getTimestamp("decided_at")), instant(rs.getTimestamp("issued_at")),
                rs.getString("sign_in_key"));
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
