package io.extauth.provisioning.adapter;

import io.extauth.contract.AuthType;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.messaging.outbox.Change;
import io.extauth.messaging.work.Claim;
import io.extauth.messaging.work.WorkQueue;
import io.extauth.provisioning.ProvisioningRecord;
import io.extauth.provisioning.ProvisioningStatus;
import io.extauth.provisioning.UndoCause;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code provisioning} table: the orders, and the work queue of the worker (rows with a next_attempt_at). */
// a component, not a @Repository: JdbcTemplate already throws Spring's DataAccessExceptions, and a repository's proxy
// (exception translation, through a reflective call) sat on each of the worker's five calls per row
@Component
class ProvisioningRecords implements WorkQueue<ProvisioningRecord> {

    private final JdbcTemplate jdbc;

    ProvisioningRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What {@link #accept} did with an order. */
    enum Accepted { QUEUED, KNOWN, DEACTIVATED_BEFORE, CANCELLED_BEFORE }

    /**
     * Records a new order as work due now: {@code KNOWN} when the order is known (a replay with a new ce_id), and
     * {@code DEACTIVATED_BEFORE} or {@code CANCELLED_BEFORE} when its {@code Deactivated} or {@code OrderCancelled} was
     * read first ({@link #deactivatedBeforeRead}, {@link #cancelledBeforeRead}): the row it left is filled in and stays
     * CANCELLED, never tried. Should that row name another user (a
     * {@code Deactivated} that named an order not its user's), the order is its own user's and is tried. One statement.
     */
    Accepted accept(AuthOrdered order, @Nullable String credentialId, Instant now) {
        Timestamp at = Timestamp.from(now);
        List<String> status = jdbc.queryForList("""
                INSERT INTO provisioning AS p (order_id, account_id, user_id, type, credential_id, email, ordered_at,
                                               status, attempts, next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE
                SET type = EXCLUDED.type, credential_id = EXCLUDED.credential_id, email = EXCLUDED.email,
                    ordered_at = EXCLUDED.ordered_at, updated_at = EXCLUDED.updated_at,
                    status = CASE WHEN (p.account_id, p.user_id) = (EXCLUDED.account_id, EXCLUDED.user_id)
                                  THEN p.status ELSE EXCLUDED.status END,
                    undo_cause = CASE WHEN (p.account_id, p.user_id) = (EXCLUDED.account_id, EXCLUDED.user_id)
                                      THEN p.undo_cause END,
                    next_attempt_at = CASE WHEN (p.account_id, p.user_id) = (EXCLUDED.account_id, EXCLUDED.user_id)
                                           THEN NULL ELSE EXCLUDED.next_attempt_at END,
                    account_id = EXCLUDED.account_id, user_id = EXCLUDED.user_id
                -- only the row a Deactivated or an OrderCancelled left: every AuthOrdered has an e-mail address
                WHERE p.email IS NULL AND p.status = 'CANCELLED' AND p.undo_cause IN ('DEACTIVATED', 'CANCELLED')
                  AND p.attempts = 0
                RETURNING CASE WHEN status = 'PENDING' THEN 'PENDING' ELSE undo_cause END""", String.class,
                order.orderId(), order.accountId(), order.userId(),
                order.type().name(), credentialId, order.email(), Timestamp.from(order.orderedAt()), at, at, at);
        if (status.isEmpty()) {
            return Accepted.KNOWN;
        }
        return switch (status.get(0)) {
            case "PENDING" -> Accepted.QUEUED;
            case "CANCELLED" -> Accepted.CANCELLED_BEFORE;
            default -> Accepted.DEACTIVATED_BEFORE;
        };
    }

    /**
     * A {@code Deactivated} names an order that may not have been read here yet: a row is left for it, CANCELLED for
     * the deactivation, without an address, for {@link #accept} to fill in. Nothing when the order is known (a
     * concurrent {@link #accept} of it is waited for: the conflict on the key does that). The row is a whole one, so
     * every read, and an instance of before it, takes it as the cancelled order it is.
     */
    void deactivatedBeforeRead(String orderId, String accountId, String userId, AuthType type, Instant deactivatedAt,
            Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("""
                INSERT INTO provisioning (order_id, account_id, user_id, type, ordered_at, status, undo_cause, attempts,
                                          created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'CANCELLED', 'DEACTIVATED', 0, ?, ?) ON CONFLICT (order_id) DO NOTHING""",
                orderId, accountId, userId, type.name(), Timestamp.from(deactivatedAt), at, at);
    }

    /**
     * An {@code OrderCancelled} read before its order (the {@code AuthOrdered} was dead-lettered and is replayed later):
     * a row is left for it, CANCELLED for the cancellation, without an address or a type (the event names none), for
     * {@link #accept} to fill in. Nothing when the order is known. Without a type the row is no work and no read sees
     * it (READABLE) until its order comes.
     */
    void cancelledBeforeRead(String orderId, String accountId, String userId, Instant cancelledAt, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("""
                INSERT INTO provisioning (order_id, account_id, user_id, ordered_at, status, undo_cause, attempts,
                                          created_at, updated_at)
                VALUES (?, ?, ?, ?, 'CANCELLED', 'CANCELLED', 0, ?, ?) ON CONFLICT (order_id) DO NOTHING""",
                orderId, accountId, userId, Timestamp.from(cancelledAt), at, at);
    }

    // the reads below see only rows this version can read (READABLE): a later version's row is its own to handle,
    // and mapping it would throw (a Deactivated of its user retried, then dead-lettered; a 500 for its GET)

    Optional<ProvisioningRecord> find(String orderId) {
        return jdbc.query("SELECT * FROM provisioning WHERE order_id = ? AND " + READABLE,
                ProvisioningRecords::record, orderId).stream().findFirst();
    }

    Optional<ProvisioningRecord> findForUpdate(String orderId) {
        return jdbc.query("SELECT * FROM provisioning WHERE order_id = ? AND " + READABLE + " FOR UPDATE",
                ProvisioningRecords::record, orderId).stream().findFirst();
    }

    List<ProvisioningRecord> ofUserForUpdate(String accountId, String userId) {
        return jdbc.query("SELECT * FROM provisioning WHERE account_id = ? AND user_id = ? AND " + READABLE
                + " ORDER BY created_at FOR UPDATE", ProvisioningRecords::record, accountId, userId);
    }

    /** The order will not be tried at all: CANCELLED, and why (its cancellation or its user's deactivation). */
    void drop(String orderId, UndoCause cause, Instant now) {
        jdbc.update("""
                UPDATE provisioning SET status = 'CANCELLED', undo_cause = ?, next_attempt_at = NULL, updated_at = ?
                WHERE order_id = ?""", cause.name(), Timestamp.from(now), orderId);
    }

    /**
     * The order is to be removed at the vendor, from now on. A lease held stays: the worker in flight finishes. The
     * first ask's time is kept ({@code removal_asked_at}): the removal's age is read from it.
     */
    void removeAtVendor(String orderId, UndoCause cause, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("""
                UPDATE provisioning SET status = 'DEPROVISIONING', undo_cause = ?, next_attempt_at = ?, updated_at = ?,
                       removal_asked_at = COALESCE(removal_asked_at, ?)
                WHERE order_id = ?""", cause.name(), at, at, at, orderId);
    }

    /**
     * The rows this version can read, as SQL: a type, status and cause it knows. A row a later version wrote (a type or
     * status added since, seen during a rolling deploy or after a rollback) is left to the instances that know it.
     * Claimed, it made the mapping throw after the claim had committed: the whole claim failed, and the rows it had
     * leased with it, up to seven, came back with it lease after lease, never tried.
     */
    private static final String READABLE = "type IN (" + names(AuthType.values()) + ") AND status IN ("
            + names(ProvisioningStatus.values()) + ") AND (undo_cause IS NULL OR undo_cause IN ("
            + names(UndoCause.values()) + "))";

    private static final String CLAIM_DUE = """
            UPDATE provisioning p SET lease_until = ?, lease_token = ?, updated_at = ?,
                   attempts = CASE WHEN p.status = 'PENDING' THEN p.attempts + 1 ELSE p.attempts END,
                   deprovision_attempts = CASE WHEN p.status = 'DEPROVISIONING'
                                               THEN p.deprovision_attempts + 1 ELSE p.deprovision_attempts END
            WHERE p.order_id IN (
                SELECT order_id FROM provisioning
                WHERE next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) AND %s
                ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING p.*""".formatted(READABLE);

    /**
     * Another order of this user for the same Symantec credential in {@code statuses}, if any: VIP binds a credential
     * once, whichever order asked, so two orders of one credential share one binding (through the user's index).
     */
    Optional<String> sameCredentialOrder(ProvisioningRecord row, ProvisioningStatus... statuses) {
        if (row.type() != AuthType.SYMANTEC_VIP || row.credentialId() == null) {
            return Optional.empty();
        }
        return jdbc.queryForList("""
                SELECT order_id FROM provisioning
                WHERE account_id = ? AND user_id = ? AND credential_id = ? AND type = 'SYMANTEC_VIP'
                  AND order_id <> ? AND status = ANY (string_to_array(?, ','))
                LIMIT 1""", String.class, row.accountId(), row.userId(), row.credentialId(), row.orderId(),
                Arrays.stream(statuses).map(Enum::name).collect(Collectors.joining(","))).stream().findFirst();
    }

    /** An order whose removal of a credential at VIP is under way, and whether it is of the same user as the asker. */
    record Removal(String orderId, boolean sameUser) {
    }

    /**
     * An order, of any user, whose removal of this Symantec credential is under way, if any: VIP binds a credential to
     * one user at a time, so this order's binding now would be refused for good (another user's, still bound there) or
     * undone by the removal (the same user's: one binding). The status is a literal, as in the partial index the
     * lookup takes (V5), so that a generic plan of the prepared statement can take it too.
     */
    Optional<Removal> removalOfTheCredential(ProvisioningRecord row) {
        if (row.type() != AuthType.SYMANTEC_VIP || row.credentialId() == null) {
            return Optional.empty();
        }
        return jdbc.query(REMOVAL_UNDER_WAY,
                (found, n) -> new Removal(found.getString("order_id"), found.getBoolean("same_user")),
                row.accountId(), row.userId(), row.credentialId(), row.orderId()).stream().findFirst();
    }

    /** {@link #removalOfTheCredential}'s statement: account, user, credential, order. */
    static final String REMOVAL_UNDER_WAY = """
            SELECT order_id, account_id = ? AND user_id = ? AS same_user FROM provisioning
            WHERE credential_id = ? AND status = 'DEPROVISIONING' AND type = 'SYMANTEC_VIP' AND order_id <> ?
            LIMIT 1""";

    /** The {@code failure_reason} of an order taken back that left its credential bound for {@code orderId}. */
    static String leftBoundFor(String orderId) {
        return "credential left bound at VIP for order " + orderId;
    }

    /**
     * Whether an earlier order of this user left its credential bound at VIP for this order ({@link #leftBoundFor}):
     * then this order owns the binding, and taking it back must remove it even when it was never tried.
     */
    boolean inheritsBinding(ProvisioningRecord row) {
        return row.type() == AuthType.SYMANTEC_VIP && row.credentialId() != null
                && Boolean.TRUE.equals(jdbc.queryForObject("""
                        SELECT EXISTS (SELECT 1 FROM provisioning WHERE account_id = ? AND user_id = ?
                                         AND credential_id = ? AND failure_reason = ?)""", Boolean.class,
                        row.accountId(), row.userId(), row.credentialId(), leftBoundFor(row.orderId())));
    }

    /** Counts a provisioning attempt, or a removal attempt for a row being taken back. */
    @Override
    public List<Claim<ProvisioningRecord>> claimDue(Instant now, int limit, Duration lease) {
        UUID token = UUID.randomUUID();
        Timestamp at = Timestamp.from(now);
        return jdbc.query(CLAIM_DUE, (row, n) -> claim(record(row, n), token),
                Timestamp.from(now.plus(lease)), token, at, at, at, limit);
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(value -> "'" + value.name() + "'").collect(Collectors.joining(", "));
    }

    @Override
    public boolean renewLease(Claim<ProvisioningRecord> claimed, Instant until) {
        return jdbc.update("UPDATE provisioning SET lease_until = ? WHERE order_id = ? AND lease_token = ?",
                Timestamp.from(until), claimed.key(), claimed.token()) == 1;
    }

    /**
     * The worker threw on the row (an outcome it could not record, a bug): its next attempt waits as long as the
     * runner says, a minute and more, its lease given back. Left to its lease, it was claimed again, and its vendor
     * called again, every lease (15 s), forever.
     */
    @Override
    public boolean putOff(Claim<ProvisioningRecord> claimed, Instant until) {
        return jdbc.update("""
                UPDATE provisioning SET next_attempt_at = ?, lease_until = NULL, lease_token = NULL
                WHERE order_id = ? AND lease_token = ?""", Timestamp.from(until), claimed.key(),
                claimed.token()) == 1;
    }

    @Override
    public Optional<ProvisioningRecord> lockClaimed(Claim<ProvisioningRecord> claimed) {
        return jdbc.query("SELECT * FROM provisioning WHERE order_id = ? AND lease_token = ? FOR UPDATE",
                ProvisioningRecords::record, claimed.key(), claimed.token()).stream().findFirst();
    }

    /** Records the final answer: no more work for the worker. */
    void settle(String orderId, ProvisioningStatus status, @Nullable String vendorRef, @Nullable String reason,
            Instant now) {
        jdbc.update("""
                UPDATE provisioning SET status = ?, vendor_ref = COALESCE(?, vendor_ref), failure_reason = ?,
                                        last_error = NULL, next_attempt_at = NULL, lease_until = NULL,
                                        lease_token = NULL, updated_at = ?
                WHERE order_id = ?""", status.name(), vendorRef, reason, Timestamp.from(now), orderId);
    }

    // The worker's outcome of a provisioning attempt, decided on the row as claimed: each changes the row only while
    // the claim holds the lease and the row is still PENDING with this attempt counted (all the outcome depends on),
    // locking it as it goes; false, and nothing changed, otherwise (the worker then locks the row and decides again).
    // A settlement is such a change that the outbox runs with its event, in one statement that commits by itself.

    /**
     * {@link #settle}, on the row as claimed, as a change its {@code Provisioned} or {@code ProvisioningFailed} is
     * stored with ({@code Outbox.changeAndPublish}).
     */
    Change settledClaimed(Claim<ProvisioningRecord> claimed, ProvisioningStatus status, @Nullable String vendorRef,
            @Nullable String reason, Instant now) {
        return new Change("""
                UPDATE provisioning SET status = ?, vendor_ref = COALESCE(?, vendor_ref), failure_reason = ?,
                                        last_error = NULL, next_attempt_at = NULL, lease_until = NULL,
                                        lease_token = NULL, updated_at = ?
                WHERE order_id = ? AND lease_token = ? AND status = 'PENDING' AND attempts = ?""", status.name(),
                vendorRef, reason, Timestamp.from(now), claimed.key(), claimed.token(), claimed.item().attempts());
    }

    /** {@link #retryLater} without a vendorRef, on the row as claimed. */
    boolean retryLaterClaimed(Claim<ProvisioningRecord> claimed, Instant nextAttemptAt, String error, Instant now) {
        return jdbc.update("""
                UPDATE provisioning SET next_attempt_at = ?, last_error = ?, lease_until = NULL, lease_token = NULL,
                                        updated_at = ?
                WHERE order_id = ? AND lease_token = ? AND status = 'PENDING' AND attempts = ?""",
                Timestamp.from(nextAttemptAt), error, Timestamp.from(now), claimed.key(), claimed.token(),
                claimed.item().attempts()) == 1;
    }

    // The worker's outcome of a removal attempt, decided on the row as claimed: each changes the row only while the
    // claim holds the lease and the row is still DEPROVISIONING with this removal attempt counted and the same cause
    // (all the outcome depends on), locking it as it goes; false, and nothing changed, otherwise.

    /** {@link #settle}, on a row being removed as claimed. */
    boolean settleRemovalClaimed(Claim<ProvisioningRecord> claimed, ProvisioningStatus status,
            @Nullable String vendorRef, @Nullable String reason, Instant now) {
        return jdbc.update("""
                UPDATE provisioning SET status = ?, vendor_ref = COALESCE(?, vendor_ref), failure_reason = ?,
                                        last_error = NULL, next_attempt_at = NULL, lease_until = NULL,
                                        lease_token = NULL, updated_at = ?
                WHERE order_id = ? AND lease_token = ? AND status = 'DEPROVISIONING' AND deprovision_attempts = ?
                  AND undo_cause IS NOT DISTINCT FROM CAST(? AS TEXT)""", status.name(), vendorRef, reason,
                Timestamp.from(now), claimed.key(), claimed.token(), claimed.item().deprovisionAttempts(),
                causeOf(claimed)) == 1;
    }

    /** {@link #retryLater}, on a row being removed as claimed. */
    boolean retryRemovalLaterClaimed(Claim<ProvisioningRecord> claimed, Instant nextAttemptAt, String error,
            @Nullable String vendorRef, Instant now) {
        return jdbc.update("""
                UPDATE provisioning SET next_attempt_at = ?, last_error = ?, vendor_ref = COALESCE(?, vendor_ref),
                                        lease_until = NULL, lease_token = NULL, updated_at = ?
                WHERE order_id = ? AND lease_token = ? AND status = 'DEPROVISIONING' AND deprovision_attempts = ?
                  AND undo_cause IS NOT DISTINCT FROM CAST(? AS TEXT)""", Timestamp.from(nextAttemptAt), error,
                vendorRef, Timestamp.from(now), claimed.key(), claimed.token(), claimed.item().deprovisionAttempts(),
                causeOf(claimed)) == 1;
    }

    private static @Nullable String causeOf(Claim<ProvisioningRecord> claimed) {
        UndoCause cause = claimed.item().undoCause();
        return cause == null ? null : cause.name();
    }

    /** A transient failure: the row is due again at {@code nextAttemptAt}. */
    void retryLater(String orderId, Instant nextAttemptAt, String error, @Nullable String vendorRef, Instant now) {
        jdbc.update("""
                UPDATE provisioning SET next_attempt_at = ?, last_error = ?, vendor_ref = COALESCE(?, vendor_ref),
                                        lease_until = NULL, lease_token = NULL, updated_at = ?
                WHERE order_id = ?""", Timestamp.from(nextAttemptAt), error, vendorRef, Timestamp.from(now), orderId);
    }

    /** Gives the row back unchanged but for what the vendor told ({@code vendorRef}); its schedule stays. */
    void release(String orderId, @Nullable String vendorRef, Instant now) {
        jdbc.update("""
                UPDATE provisioning SET vendor_ref = COALESCE(?, vendor_ref), lease_until = NULL, lease_token = NULL,
                                        updated_at = ?
                WHERE order_id = ?""", vendorRef, Timestamp.from(now), orderId);
    }

    private static ProvisioningRecord record(ResultSet row, int rowNum) throws SQLException {
        String cause = row.getString("undo_cause");
        Timestamp next = row.getTimestamp("next_attempt_at");
        return new ProvisioningRecord(row.getString("order_id"), row.getString("account_id"),
                row.getString("user_id"), AuthType.valueOf(row.getString("type")), row.getString("credential_id"),
                row.getString("email"), row.getTimestamp("ordered_at").toInstant(), row.getString("vendor_ref"),
                ProvisioningStatus.valueOf(row.getString("status")), row.getInt("attempts"),
                row.getInt("deprovision_attempts"), row.getString("failure_reason"), row.getString("last_error"),
                next == null ? null : next.toInstant(), cause == null ? null : UndoCause.valueOf(cause));
    }

    private static Claim<ProvisioningRecord> claim(ProvisioningRecord record, UUID token) {
        int attempt = record.status() == ProvisioningStatus.DEPROVISIONING ? record.deprovisionAttempts()
                : record.attempts();
        return new Claim<>(record.orderId(), record, attempt, token);
    }
}
