package io.extauth.challenge.contact.adapter;

import io.extauth.challenge.contact.ContactKind;
import io.extauth.challenge.database.adapter.BatchedDelete;
import io.extauth.challenge.database.adapter.OneRoundTrip;
import io.extauth.challenge.database.adapter.SqlRows;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code contact_attempt} table: one row per contact (and failed verification) the limits count. */
@Repository
class ContactAttempts {

    /** A window's contacts, by user or by destination; then the kinds counted, then the order and the one row. */
    private static final String BY_USER = "account_id = ? AND user_id = ? AND attempted_at > ? AND kind IN (";
    private static final String BY_DESTINATION = "destination_hash = ? AND attempted_at > ? AND kind IN (";
    private static final String BY_DESK = "desk_hash = ? AND attempted_at > ? AND kind IN (";
    private static final String BY_DESTINATION_OF_ACCOUNT =
            "destination_hash = ? AND attempted_at > ? AND account_id = ? AND kind IN (";
    private static final String NEWEST_AT_OFFSET = ") ORDER BY attempted_at DESC OFFSET ? LIMIT 1";

    private final JdbcTemplate jdbc;

    ContactAttempts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises the counting of one destination until the transaction ends: two users sharing a number hold two
     * different row locks. Two-key advisory locks do not overlap the outbox relay's one-key lock.
     */
    void lockDestination(String destinationHash) {
        lockDestinationStatement(destinationHash).query(jdbc);
    }

    private static SqlRows<Integer> lockDestinationStatement(String destinationHash) {
        return SqlRows.of("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('extauth.contact'), hashtext(?))) l",
                (rs, row) -> rs.getInt(1), destinationHash);
    }

    /**
     * Serialises the counting of one account's contacts until the transaction ends: its users hold different row
     * locks. Taken after the user's row lock and the destination's lock, never before them.
     */
    void lockAccount(String accountId) {
        jdbc.query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('extauth.contact.account'), hashtext(?))) l",
                (rs, row) -> rs.getInt(1), accountId);
    }

    /**
     * Of the verification calls for all the account's users since {@code since}, the one at {@code offset} of the
     * newest first, or {@code null} when there are not that many. The kind is written into the statement, not bound,
     * so that the partial index {@code contact_attempt_account_verification} serves it.
     */
    @Nullable Instant verificationMustLeaveForAccount(String accountId, Instant since, int offset) {
        return first(jdbc.query("SELECT attempted_at FROM contact_attempt WHERE account_id = ? AND kind = '"
                + ContactKind.VERIFICATION_CALL.name() + "' AND attempted_at > ? ORDER BY attempted_at DESC "
                + "OFFSET ? LIMIT 1", (rs, row) -> rs.getTimestamp(1).toInstant(), accountId, Timestamp.from(since),
                offset));
    }

    /**
     * Of the user's contacts of these kinds since {@code since}, the one at {@code offset} of the newest first
     * ({@code ContactLimitRules.mustLeaveOffset}), or {@code null} when there are not that many: one row, however
     * many the window holds.
     */
    @Nullable Instant mustLeaveForUser(String accountId, String userId, Set<ContactKind> kinds, Instant since,
            int offset) {
        List<Object> args = new ArrayList<>(List.of(accountId, userId, Timestamp.from(since)));
        args.addAll(names(kinds));
        args.add(offset);
        return first(jdbc.query("SELECT attempted_at FROM contact_attempt WHERE " + BY_USER + kindIn(kinds)
                + NEWEST_AT_OFFSET, (rs, row) -> rs.getTimestamp(1).toInstant(), args.toArray()));
    }

    /**
     * The same for the destination's contacts, whichever user of {@code accountId} they were for, or of any account
     * ({@code null}).
     */
    @Nullable Instant mustLeaveForDestination(String destinationHash, @Nullable String accountId,
            Set<ContactKind> kinds, Instant since, int offset) {
        List<Object> args = new ArrayList<>(List.of(destinationHash, Timestamp.from(since)));
        if (accountId != null) {
            args.add(accountId);
        }
        args.addAll(names(kinds));
        args.add(offset);
        return first(jdbc.query("SELECT attempted_at FROM contact_attempt WHERE "
                + (accountId == null ? BY_DESTINATION : BY_DESTINATION_OF_ACCOUNT) + kindIn(kinds) + NEWEST_AT_OFFSET,
                (rs, row) -> rs.getTimestamp(1).toInstant(), args.toArray()));
    }

    /**
     * A contact just recorded ({@code id}), and, of the contacts before it, the one that must leave the user's window,
     * the desk's and the number's ({@code null}: not that many).
     */
    record Recorded(long id, @Nullable Instant userMustLeave, @Nullable Instant deskMustLeave,
            @Nullable Instant numberMustLeave) {
    }

    /**
     * Locks the number ({@link #lockDestination}: its desks with it), records a contact and reads the contacts before
     * it that must leave the user's, the desk's and the number's windows ({@link #mustLeaveForUser}, the same by
     * {@code desk_hash}, and {@link #mustLeaveForDestination}, each at its own offset; the desk's and the number's in
     * the same window and of the same kinds), in one round trip ({@link OneRoundTrip}): the lock, then one statement,
     * one row, whose reads start once the lock is taken and see the table as it was before its insert. A login's call
     * or text asks this; if a limit refuses it, {@link #delete} takes the row back in the same transaction, so no
     * other transaction ever sees it.
     */
    Recorded lockDestinationAndRecord(String accountId, String userId, ContactKind kind, String destinationHash,
            String deskHash, Instant at, Set<ContactKind> userKinds, Instant userSince, int userOffset,
            Set<ContactKind> destinationKinds, Instant destinationSince, int deskOffset, int numberOffset) {
        List<Object> args = new ArrayList<>(List.of(accountId, userId, kind.name(), destinationHash, deskHash,
                Timestamp.from(at), accountId, userId, Timestamp.from(userSince)));
        args.addAll(names(userKinds));
        args.add(userOffset);
        args.addAll(List.of(deskHash, Timestamp.from(destinationSince)));
        args.addAll(names(destinationKinds));
        args.add(deskOffset);
        args.addAll(List.of(destinationHash, Timestamp.from(destinationSince)));
        args.addAll(names(destinationKinds));
        args.add(numberOffset);
        List<Recorded> recorded = OneRoundTrip.run(jdbc, lockDestinationStatement(destinationHash), new SqlRows<>(
                "WITH added AS (INSERT INTO contact_attempt (account_id, user_id, kind, destination_hash, desk_hash, "
                + "attempted_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id) SELECT added.id, "
                + "(SELECT attempted_at FROM contact_attempt WHERE " + BY_USER + kindIn(userKinds) + NEWEST_AT_OFFSET
                + "), (SELECT attempted_at FROM contact_attempt WHERE " + BY_DESK + kindIn(destinationKinds)
                + NEWEST_AT_OFFSET + "), (SELECT attempted_at FROM contact_attempt WHERE " + BY_DESTINATION
                + kindIn(destinationKinds) + NEWEST_AT_OFFSET + ") FROM added", args,
                (rs, row) -> new Recorded(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4))))).second();
        if (recorded.size() != 1) {
            throw new IllegalStateException("the contact's insert returned " + recorded.size() + " rows, not 1");
        }
        return recorded.get(0);
    }

    /** Takes back a contact recorded by this transaction that a limit refused. */
    void delete(long id) {
        jdbc.update("DELETE FROM contact_attempt WHERE id = ?", id);
    }

    void insert(String accountId, String userId, ContactKind kind, @Nullable String destinationHash, Instant at) {
        jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, destination_hash, attempted_at) "
                + "VALUES (?, ?, ?, ?, ?)", accountId, userId, kind.name(), destinationHash, Timestamp.from(at));
    }

    /**
     * Deletes the contacts of this kind of {@code before} or earlier, in batches ({@link BatchedDelete#until}), until
     * none is left or {@code deadlineNanos} has passed. Found through {@code contact_attempt_kind_age} (V250): the
     * index walks this kind's rows up to {@code before} only, not the other kinds' rows of that age, which are kept.
     */
    BatchedDelete.Run deleteOlderThan(ContactKind kind, Instant before, long deadlineNanos) {
        return olderThan(kind, before).until(deadlineNanos);
    }

    /** The delete of {@link #deleteOlderThan}, for a test to read its plan. */
    BatchedDelete olderThan(ContactKind kind, Instant before) {
        return BatchedDelete.rowsOf(jdbc, "contact_attempt", "kind = ? AND attempted_at <= ?", kind.name(),
                Timestamp.from(before));
    }

    private static String kindIn(Set<ContactKind> kinds) {
        return String.join(", ", Collections.nCopies(kinds.size(), "?"));
    }

    private static List<String> names(Set<ContactKind> kinds) {
        return kinds.stream().map(Enum::name).toList();
    }

    private static @Nullable Instant first(List<Instant> rows) {
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
