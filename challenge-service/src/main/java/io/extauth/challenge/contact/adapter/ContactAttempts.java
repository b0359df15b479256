package io.extauth.challenge.contact.adapter;

import io.extauth.challenge.contact.ContactKind;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/** The {@code contact_attempt} table: one row per contact (and failed verification) the limits count. */
@Repository
class ContactAttempts {

    private final JdbcTemplate jdbc;

    ContactAttempts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises the counting of one destination until the transaction ends: two users sharing a number hold two
     * different row locks. Two-key advisory locks do not overlap the outbox relay's one-key lock.
     */
    void lockDestination(String destinationHash) {
        jdbc.queryForObject("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('extauth.contact'), hashtext(?))) l",
                Integer.class, destinationHash);
    }

    /** The newest {@code limit} times of these kinds for the user since {@code since}, newest first. */
    List<Instant> recentForUser(String accountId, String userId, Set<ContactKind> kinds, Instant since, int limit) {
        List<Object> args = new ArrayList<>(List.of(accountId, userId, Timestamp.from(since)));
        args.addAll(kinds.stream().map(Enum::name).toList());
        args.add(limit);
        return jdbc.query("SELECT attempted_at FROM contact_attempt WHERE account_id = ? AND user_id = ? "
                + "AND attempted_at > ? AND kind IN (" + placeholders(kinds.size()) + ") "
                + "ORDER BY attempted_at DESC LIMIT ?", (rs, row) -> rs.getTimestamp(1).toInstant(), args.toArray());
    }

    /** The newest {@code limit} times of these kinds to the destination since {@code since}, newest first. */
    List<Instant> recentForDestination(String destinationHash, Set<ContactKind> kinds, Instant since, int limit) {
        List<Object> args = new ArrayList<>(List.of(destinationHash, Timestamp.from(since)));
        args.addAll(kinds.stream().map(Enum::name).toList());
        args.add(limit);
        return jdbc.query("SELECT attempted_at FROM contact_attempt WHERE destination_hash = ? AND attempted_at > ? "
                + "AND kind IN (" + placeholders(kinds.size()) + ") ORDER BY attempted_at DESC LIMIT ?",
                (rs, row) -> rs.getTimestamp(1).toInstant(), args.toArray());
    }

    /** The newest times for the user and for the destination, each newest first. */
    record Recent(List<Instant> user, List<Instant> destination) {
    }

    /** A contact just recorded ({@code id}), and what was recorded before it. */
    record Recorded(long id, Recent before) {
    }

    /**
     * Records a contact and reads, in the same round trip, the newest contacts before it for the user and for the
     * destination ({@link #recentForUser} and {@link #recentForDestination}, each with its own limit): one statement,
     * whose reads see the table as it was before its insert. A login's call or text asks this; if a limit refuses
     * it, {@link #delete} takes the row back in the same transaction, so no other transaction ever sees it.
     */
    Recorded insertAndReadRecent(String accountId, String userId, ContactKind kind, String destinationHash,
            Instant at, Set<ContactKind> userKinds, Instant userSince, int userLimit,
            Set<ContactKind> destinationKinds, Instant destinationSince, int destinationLimit) {
        List<Object> args = new ArrayList<>(List.of(accountId, userId, kind.name(), destinationHash,
                Timestamp.from(at), accountId, userId, Timestamp.from(userSince)));
        args.addAll(userKinds.stream().map(Enum::name).toList());
        args.add(userLimit);
        args.addAll(List.of(destinationHash, Timestamp.from(destinationSince)));
        args.addAll(destinationKinds.stream().map(Enum::name).toList());
        args.add(destinationLimit);
        long[] id = {-1};
        List<Instant> user = new ArrayList<>();
        List<Instant> destination = new ArrayList<>();
        jdbc.query("WITH added AS (INSERT INTO contact_attempt (account_id, user_id, kind, destination_hash, "
                + "attempted_at) VALUES (?, ?, ?, ?, ?) RETURNING id), "
                + "recent AS ((SELECT true AS by_user, attempted_at FROM contact_attempt WHERE account_id = ? "
                + "AND user_id = ? AND attempted_at > ? AND kind IN (" + placeholders(userKinds.size()) + ") "
                + "ORDER BY attempted_at DESC LIMIT ?) UNION ALL "
                + "(SELECT false, attempted_at FROM contact_attempt WHERE destination_hash = ? AND attempted_at > ? "
                + "AND kind IN (" + placeholders(destinationKinds.size()) + ") ORDER BY attempted_at DESC LIMIT ?)) "
                + "SELECT added.id, recent.by_user, recent.attempted_at FROM added LEFT JOIN recent ON true",
                (RowCallbackHandler) rs -> {
                    id[0] = rs.getLong(1);
                    Timestamp attemptedAt = rs.getTimestamp(3);
                    if (attemptedAt != null) {
                        (rs.getBoolean(2) ? user : destination).add(attemptedAt.toInstant());
                    }
                },
                args.toArray());
        if (id[0] < 0) {
            throw new IllegalStateException("the contact's insert returned no id");
        }
        // UNION ALL keeps no order between or within its branches: newest first again, as the rules expect
        user.sort(Comparator.reverseOrder());
        destination.sort(Comparator.reverseOrder());
        return new Recorded(id[0], new Recent(user, destination));
    }

    /** Takes back a contact recorded by this transaction that a limit refused. */
    void delete(long id) {
        jdbc.update("DELETE FROM contact_attempt WHERE id = ?", id);
    }

    void insert(String accountId, String userId, ContactKind kind, @Nullable String destinationHash, Instant at) {
        jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, destination_hash, attempted_at) "
                + "VALUES (?, ?, ?, ?, ?)", accountId, userId, kind.name(), destinationHash, Timestamp.from(at));
    }

    int deleteOlderThan(Instant before) {
        return jdbc.update("DELETE FROM contact_attempt WHERE attempted_at <= ?", Timestamp.from(before));
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
