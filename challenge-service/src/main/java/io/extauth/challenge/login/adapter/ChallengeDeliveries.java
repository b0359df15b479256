package io.extauth.challenge.login.adapter;

import io.extauth.challenge.login.Challenge;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.messaging.outbox.AtCommit;
import io.extauth.messaging.work.Claim;
import io.extauth.messaging.work.WorkQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code challenge_delivery} table: the calls, texts and pushes of issued challenges that are not yet known to have
 * reached the user (or whose removal, once the vendor took them, waits for the {@link DeliverySettler}), one row per
 * challenge, as the {@link ChallengeDelivery} worker claims them.
 */
@Repository
class ChallengeDeliveries implements WorkQueue<ChallengeDeliveries.Delivery> {

    /**
     * What reaching the user takes, with its challenge as it is now ({@code pending} false once an answer decided it).
     * {@code sealedCode} is a text's one-time code, sealed; {@code destination} is null for an app push.
     */
    record Delivery(UUID challengeId, String accountId, String userId, LoginChannel channel, PhoneFactorMethod method,
            Instant expiresAt, boolean pending, @Nullable String destination, @Nullable String sealedCode) {

        /** Numbers and codes stay out of logs. */
        @Override
        public String toString() {
            return "Delivery[" + challengeId + ", " + method + "]";
        }
    }

    /**
     * Deliveries whose challenge has a channel, a type and a method this version knows. A row that a later version wrote (a
     * method added during a rolling deploy) is left for an instance that knows it: mapped by this one it would fail
     * after the claim took its lease, and every delivery claimed with it would wait out the lease and be claimed with
     * it again, never made.
     */
    private static final String READABLE = Challenges.readable("c2") + "AND c2.method IS NOT NULL ";

    private final JdbcTemplate jdbc;

    ChallengeDeliveries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the challenge and its delivery, already leased to the caller (its first attempt counted), so that the
     * caller reaches the user right after the commit and nobody else does unless its lease runs out: one statement,
     * the challenge's insert as its first part (the delivery's reference to it is checked at the statement's end),
     * sent with the transaction's commit ({@link AtCommit}: nothing later in the transaction reads them, and a failed
     * insert fails the commit). Returns the caller's claim.
     */
    Claim<Delivery> insertLeased(Challenge challenge, Delivery delivery, Instant now, Duration lease) {
        if (!challenge.id().equals(delivery.challengeId())) {
            throw new IllegalArgumentException("the delivery of " + delivery.challengeId() + " with challenge "
                    + challenge.id());
        }
        UUID token = UUID.randomUUID();
        Object[] challengeValues = Challenges.insertArguments(challenge);
        Object[] deliveryValues = {delivery.challengeId(), delivery.destination(), delivery.sealedCode(),
            Timestamp.from(now), Timestamp.from(now.plus(lease)), token, Timestamp.from(now)};
        Object[] arguments = Arrays.copyOf(challengeValues, challengeValues.length + deliveryValues.length);
        System.arraycopy(deliveryValues, 0, arguments, challengeValues.length, deliveryValues.length);
        AtCommit.update(jdbc, "WITH challenge_row AS (" + Challenges.INSERT + ") " + """
                INSERT INTO challenge_delivery (challenge_id, destination, sealed_code, attempts, next_attempt_at,
                                                lease_until, lease_token, created_at)
                VALUES (?, ?, ?, 1, ?, ?, ?, ?)""", arguments);
        return new Claim<>(delivery.challengeId().toString(), delivery, 1, token);
    }

    @Override
    public List<Claim<Delivery>> claimDue(Instant now, int limit, Duration lease) {
        UUID token = UUID.randomUUID();
        Timestamp at = Timestamp.from(now);
        return jdbc.query("""
                UPDATE challenge_delivery d SET lease_until = ?, lease_token = ?, attempts = d.attempts + 1
                FROM challenge c
                WHERE c.id = d.challenge_id AND d.challenge_id IN (
                    SELECT d2.challenge_id FROM challenge_delivery d2 JOIN challenge c2 ON c2.id = d2.challenge_id
                    WHERE d2.next_attempt_at <= ? AND (d2.lease_until IS NULL OR d2.lease_until <= ?)
                      AND""" + READABLE + """
                    ORDER BY d2.next_attempt_at LIMIT ? FOR UPDATE OF d2 SKIP LOCKED)
                RETURNING d.challenge_id, d.destination, d.sealed_code, d.attempts, c.account_id, c.user_id,
                          c.channel, c.method, c.expires_at, c.status""",
                (row, n) -> new Claim<>(row.getString("challenge_id"), delivery(row), row.getInt("attempts"), token),
                Timestamp.from(now.plus(lease)), token, at, at, limit);
    }

    @Override
    public boolean renewLease(Claim<Delivery> claim, Instant until) {
        return jdbc.update("UPDATE challenge_delivery SET lease_until = ? WHERE challenge_id = ? AND lease_token = ?",
                Timestamp.from(until), claim.item().challengeId(), claim.token()) == 1;
    }

    @Override
    public boolean putOff(Claim<Delivery> claim, Instant until) {
        return jdbc.update("""
                UPDATE challenge_delivery SET next_attempt_at = ?, lease_until = NULL, lease_token = NULL
                WHERE challenge_id = ? AND lease_token = ?""", Timestamp.from(until), claim.item().challengeId(),
                claim.token()) == 1;
    }

    @Override
    public Optional<Delivery> lockClaimed(Claim<Delivery> claim) {
        return jdbc.query("""
                SELECT d.challenge_id, d.destination, d.sealed_code, c.account_id, c.user_id, c.channel, c.method,
                       c.expires_at, c.status
                FROM challenge_delivery d JOIN challenge c ON c.id = d.challenge_id
                WHERE d.challenge_id = ? AND d.lease_token = ? FOR UPDATE OF d""", (row, n) -> delivery(row),
                claim.item().challengeId(), claim.token()).stream().findFirst();
    }

    /** A row as a claim holds it: the challenge's id and the claim's lease token. */
    record ClaimedRow(UUID challengeId, UUID token) {

        static ClaimedRow of(Claim<Delivery> claim) {
            return new ClaimedRow(claim.item().challengeId(), claim.token());
        }
    }

    /**
     * The users were reached: the rows of these claims go in one statement, each only if its claim still holds it (its
     * token). Returns the rows removed; a claim whose lease went to another worker meanwhile is not among them. The ids
     * and tokens go as two arrays, so the statement's text is the same for any number of rows.
     */
    Set<ClaimedRow> deleteClaimed(List<Claim<Delivery>> claims) {
        if (claims.isEmpty()) {
            return Set.of();
        }
        String ids = claims.stream().map(claim -> claim.item().challengeId().toString())
                .collect(Collectors.joining(",", "{", "}"));
        String tokens = claims.stream().map(claim -> claim.token().toString()).collect(Collectors.joining(",", "{", "}"));
        return new HashSet<>(jdbc.query("""
                DELETE FROM challenge_delivery d USING unnest(CAST(? AS uuid[]), CAST(? AS uuid[])) AS s(id, token)
                WHERE d.challenge_id = s.id AND d.lease_token = s.token
                RETURNING d.challenge_id, d.lease_token""", (row, n) -> new ClaimedRow(row.getObject(1, UUID.class),
                row.getObject(2, UUID.class)), ids, tokens));
    }

    /**
     * The delivery could not be made: the row goes in one statement, if the claim still holds it (its token), which
     * says whether its challenge is still waiting for a decision; empty when the lease went to another worker meanwhile.
     */
    Optional<Boolean> deleteClaimedTellingPending(Claim<Delivery> claim) {
        return jdbc.query("""
                DELETE FROM challenge_delivery d USING challenge c
                WHERE d.challenge_id = ? AND d.lease_token = ? AND c.id = d.challenge_id
                RETURNING c.status""", (row, n) -> "PENDING".equals(row.getString("status")),
                claim.item().challengeId(), claim.token()).stream().findFirst();
    }

    private static Delivery delivery(ResultSet row) throws SQLException {
        return new Delivery(row.getObject("challenge_id", UUID.class), row.getString("account_id"),
                row.getString("user_id"), LoginChannel.valueOf(row.getString("channel")),
                PhoneFactorMethod.valueOf(row.getString("method")), row.getTimestamp("expires_at").toInstant(),
                "PENDING".equals(row.getString("status")), row.getString("destination"), row.getString("sealed_code"));
    }
}
