package io.extauth.notification.mail.adapter;

import io.extauth.contract.AuthType;
import io.extauth.messaging.outbox.Change;
import io.extauth.messaging.work.Claim;
import io.extauth.messaging.work.WorkQueue;
import io.extauth.notification.contact.Contact;
import io.extauth.notification.mail.Email;
import io.extauth.notification.mail.MailTemplate;
import io.extauth.notification.mail.OrderUndone;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code email} table: one row per e-mail an event called for, keyed by its Message-ID, whatever became of it
 * (PENDING, SENT, FAILED, WITHDRAWN); the rows with a {@code next_attempt_at} are the worker's queue.
 */
// a component, not a @Repository: JdbcTemplate already throws Spring's DataAccessExceptions, and a repository's proxy
// (exception translation, through a reflective call) sat on each of the worker's five calls per row
@Component
class QueuedEmails implements WorkQueue<QueuedEmails.Queued> {

    private final JdbcTemplate jdbc;

    QueuedEmails(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Queues the e-mail, due now; {@code false} when its Message-ID is queued or sent already, or (a fraud notice) the
     * event's notice to that admin is, under whatever Message-ID ({@code email_admin_once}).
     */
    boolean enqueue(Queued email, Instant now) {
        Timestamp at = Timestamp.from(now);
        return jdbc.update("""
                INSERT INTO email (message_id, event_id, template, order_id, account_id, user_id, status, event_type,
                                   event_data, recipient, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING""",
                email.messageId(), email.eventId(), email.templateName(), email.orderId(),
                email.accountId(), email.userId(), email.eventType(), email.eventData(), email.recipient(), at,
                at) == 1;
    }

    /**
     * Records an e-mail that cannot even be queued (nobody to send it to) as FAILED with the reason, on the user's
     * timeline; {@code false} when its Message-ID is recorded already.
     */
    boolean recordFailed(Queued email, String reason, Instant now) {
        Timestamp at = Timestamp.from(now);
        return jdbc.update("""
                INSERT INTO email (message_id, event_id, template, order_id, account_id, user_id, status, event_type,
                                   event_data, attempts, failure_reason, failed_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'FAILED', ?, ?, 0, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING""",
                email.messageId(), email.eventId(), email.templateName(), email.orderId(),
                email.accountId(), email.userId(), email.eventType(), email.eventData(), reason, at, at) == 1;
    }

    /**
     * Also reads, in the same statement, the contact a user's e-mail goes to, as the worker would look it up: the
     * order's contact for an e-mail about an order, else the user's latest order that was not cancelled
     * ({@link io.extauth.notification.contact.adapter.Contacts#latestOf}); none for an e-mail to an admin. And when
     * the e-mail's order (of its user) was cancelled or its factor deactivated, if it was.
     */
    @Override
    public List<Claim<Queued>> claimDue(Instant now, int limit, Duration lease) {
        UUID token = UUID.randomUUID();
        Timestamp at = Timestamp.from(now);
        return jdbc.query("""
                WITH claimed AS (
                    UPDATE email e SET lease_until = ?, lease_token = ?, attempts = e.attempts + 1
                    WHERE e.message_id IN (
                        SELECT message_id FROM email
                        WHERE next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
                        ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                    RETURNING e.*)
                SELECT claimed.*, c.order_id AS contact_order_id, c.account_id AS contact_account_id,
                       c.user_id AS contact_user_id, c.email AS contact_email, c.type AS contact_type,
                       c.credential_id AS contact_credential_id, c.ordered_at AS contact_ordered_at,
                       cancelled.cancelled_at AS order_cancelled_at,
                       deactivated.deactivated_at AS order_deactivated_at
                FROM claimed LEFT JOIN LATERAL (
                    SELECT * FROM contact
                    WHERE claimed.recipient IS NULL AND claimed.order_id IS NOT NULL
                      AND contact.order_id = claimed.order_id
                      -- the order's contact only when the order is the user's: never another user's address
                      AND contact.account_id = claimed.account_id AND contact.user_id = claimed.user_id
                    UNION ALL
                    -- an e-mail that names no order: the user's latest order not cancelled, as Contacts.latestOf
                    (SELECT contact.* FROM contact
                     LEFT JOIN cancelled_order x ON x.account_id = contact.account_id
                           AND x.user_id = contact.user_id AND x.order_id = contact.order_id
                     WHERE claimed.recipient IS NULL AND claimed.order_id IS NULL
                       AND contact.account_id = claimed.account_id AND contact.user_id = claimed.user_id
                     ORDER BY x.order_id IS NULL DESC, contact.ordered_at DESC, contact.order_id DESC
                     LIMIT 1)) c ON true
                LEFT JOIN cancelled_order cancelled ON cancelled.order_id = claimed.order_id
                      AND cancelled.account_id = claimed.account_id AND cancelled.user_id = claimed.user_id
                LEFT JOIN deactivated_order deactivated ON deactivated.order_id = claimed.order_id
                      AND deactivated.account_id = claimed.account_id AND deactivated.user_id = claimed.user_id""",
                (row, n) -> new Claim<>(row.getString("message_id"), claimed(row), row.getInt("attempts"), token),
                Timestamp.from(now.plus(lease)), token, at, at, limit);
    }

    /**
     * The claimed row with its contact. A row this version cannot read (a template or factor type it does not know:
     * written by a later version during a rolling deploy) is handed to the worker as such, never thrown: a throw here
     * would fail the whole claim, and the other rows it had leased would come back with it, lease after lease.
     */
    private static Queued claimed(ResultSet row) throws SQLException {
        try {
            return queued(row, contact(row));
        } catch (IllegalArgumentException unknownName) {
            return Queued.unreadable(row.getString("message_id"), row.getString("event_id"),
                    row.getString("order_id"), row.getString("account_id"), row.getString("user_id"),
                    row.getString("event_type"), row.getString("event_data"), row.getString("recipient"),
                    String.valueOf(unknownName.getMessage()));
        }
    }

    private static @Nullable Contact contact(ResultSet row) throws SQLException {
        String orderId = row.getString("contact_order_id");
        return orderId == null ? null : new Contact(orderId, row.getString("contact_account_id"),
                row.getString("contact_user_id"), row.getString("contact_email"),
                AuthType.valueOf(row.getString("contact_type")), row.getString("contact_credential_id"),
                row.getTimestamp("contact_ordered_at").toInstant());
    }

    @Override
    public boolean renewLease(Claim<Queued> claimed, Instant until) {
        return jdbc.update("UPDATE email SET lease_until = ? WHERE message_id = ? AND lease_token = ?",
                Timestamp.from(until), claimed.key(), claimed.token()) == 1;
    }

    /**
     * The worker threw on the e-mail (an outcome it could not record, a bug): its next attempt waits as long as the
     * runner says, a minute and more, its lease given back. Left to its lease, it was claimed again, and possibly sent
     * again, every lease (15 s), forever.
     */
    @Override
    public boolean putOff(Claim<Queued> claimed, Instant until) {
        return jdbc.update("""
                UPDATE email SET next_attempt_at = ?, lease_until = NULL, lease_token = NULL
                WHERE message_id = ? AND lease_token = ?""", Timestamp.from(until), claimed.key(),
                claimed.token()) == 1;
    }

    @Override
    public Optional<Queued> lockClaimed(Claim<Queued> claimed) {
        return jdbc.query("""
                SELECT email.*, NULL AS contact_order_id, cancelled.cancelled_at AS order_cancelled_at,
                       deactivated.deactivated_at AS order_deactivated_at FROM email
                LEFT JOIN cancelled_order cancelled ON cancelled.order_id = email.order_id
                      AND cancelled.account_id = email.account_id AND cancelled.user_id = email.user_id
                LEFT JOIN deactivated_order deactivated ON deactivated.order_id = email.order_id
                      AND deactivated.account_id = email.account_id AND deactivated.user_id = email.user_id
                WHERE email.message_id = ? AND email.lease_token = ? FOR UPDATE OF email""",
                (row, n) -> claimed(row), claimed.key(), claimed.token()).stream().findFirst();
    }

    // The worker's outcomes: each changes the claimed row only while the claim holds its lease (the row's token is the
    // claim's), locking it as it goes, and says whether it did: one statement that commits by itself, no lock statement
    // first (WorkRunner.recordAlone). SENT and WITHDRAWN are changes that the outbox runs with their events, in that
    // one statement (Outbox.changeAndPublish).

    // The count of sends never answered (unconfirmed_sends) is written as a value, never as a step: while a claim holds
    // the row only that claim changes it, so it is the claim's own reading (Queued.unconfirmedSends) or one more, and
    // each outcome stores what it leaves. So a statement run again after its answer was lost, or one that committed while
    // the worker was told it failed (handingOver), never counts a send twice or leaves one counted that was answered.

    /**
     * SENT, as a change its {@code EmailSent} is stored with ({@code Outbox.changeAndPublish}). {@code unconfirmedSends}:
     * the count of sends never answered it leaves, the claim's own reading (the server's {@code 250} answered this
     * send, counted or not). Runs again harmlessly: once it took effect the row has no token.
     */
    Change sent(Claim<Queued> claimed, Email email, Instant sentAt, int unconfirmedSends) {
        return new Change("""
                UPDATE email SET status = 'SENT', sent_at = ?, to_masked = ?, order_id = COALESCE(order_id, ?),
                                 last_error = NULL, next_attempt_at = NULL, lease_until = NULL, lease_token = NULL,
                                 unconfirmed_sends = ?
                WHERE message_id = ? AND lease_token = ?""", Timestamp.from(sentAt), email.toMasked(),
                email.orderId(), unconfirmedSends, claimed.key(), claimed.token());
    }

    /**
     * Counts a send as handed over and not (yet) answered, just before the end of its data goes to the server: from
     * then on the server may store it whatever becomes of this instance. Only while the claim holds the row; false when
     * it does not (its lease went to another worker), and the end of the data is then not sent. Sets the claim's own
     * reading plus one: run twice, or committed while its answer was lost, it still counts the send once, and the
     * outcome that follows stores the count it leaves whatever this statement did.
     */
    boolean handingOver(Claim<Queued> claimed) {
        return jdbc.update("""
                UPDATE email SET unconfirmed_sends = ?
                WHERE message_id = ? AND lease_token = ?""", claimed.item().unconfirmedSends() + 1, claimed.key(),
                claimed.token()) == 1;
    }

    /** Whether the e-mail is SENT (by this worker's statement whose answer was lost, or by another's). */
    boolean isSent(String messageId) {
        return Boolean.TRUE.equals(jdbc.query("SELECT status = 'SENT' FROM email WHERE message_id = ?",
                rs -> rs.next() ? rs.getBoolean(1) : null, messageId));
    }

    /** {@code unconfirmedSends}: as for {@link #sent}, the count of sends never answered it leaves. */
    boolean markFailed(Claim<Queued> claimed, @Nullable String toMasked, String reason, Instant now,
            int unconfirmedSends) {
        return jdbc.update("""
                UPDATE email SET status = 'FAILED', failed_at = ?, failure_reason = ?,
                                 to_masked = COALESCE(?, to_masked), next_attempt_at = NULL, lease_until = NULL,
                                 lease_token = NULL, unconfirmed_sends = ?
                WHERE message_id = ? AND lease_token = ?""", Timestamp.from(now), reason, toMasked, unconfirmedSends,
                claimed.key(), claimed.token()) == 1;
    }

    /**
     * Not sent, and never will be: the order it is about was cancelled or its factor deactivated
     * ({@code Emails.withdrawnBecause}).
     */
    /** WITHDRAWN, as a change its {@code EmailWithdrawn} is stored with ({@code Outbox.changeAndPublish}). */
    Change withdrawn(Claim<Queued> claimed, String reason, Instant now) {
        return new Change("""
                UPDATE email SET status = 'WITHDRAWN', failed_at = ?, failure_reason = ?, next_attempt_at = NULL,
                                 lease_until = NULL, lease_token = NULL
                WHERE message_id = ? AND lease_token = ?""", Timestamp.from(now), reason, claimed.key(),
                claimed.token());
    }

    /** Due again at {@code nextAttemptAt}, after an attempt that sent nothing: the count of sends stays as it is. */
    boolean retryLater(Claim<Queued> claimed, Instant nextAttemptAt, String error) {
        return jdbc.update("""
                UPDATE email SET next_attempt_at = ?, last_error = ?, lease_until = NULL, lease_token = NULL
                WHERE message_id = ? AND lease_token = ?""", Timestamp.from(nextAttemptAt), error, claimed.key(),
                claimed.token()) == 1;
    }

    /**
     * Due again at {@code nextAttemptAt}; {@code unconfirmedSends}: as for {@link #sent}, the count of sends never
     * answered it leaves (the claim's own reading after a send answered after all (refused), or whose end never left
     * this side; one more after a send the server was handed whole and never answered).
     */
    boolean retryLater(Claim<Queued> claimed, Instant nextAttemptAt, String error, int unconfirmedSends) {
        return jdbc.update("""
                UPDATE email SET next_attempt_at = ?, last_error = ?, lease_until = NULL, lease_token = NULL,
                                 unconfirmed_sends = ?
                WHERE message_id = ? AND lease_token = ?""", Timestamp.from(nextAttemptAt), error, unconfirmedSends,
                claimed.key(), claimed.token()) == 1;
    }

    /** As the worker's, on a row locked already ({@link #lockClaimed}): whoever holds its lease. */
    void retryLater(String messageId, Instant nextAttemptAt, String error) {
        jdbc.update("""
                UPDATE email SET next_attempt_at = ?, last_error = ?, lease_until = NULL, lease_token = NULL
                WHERE message_id = ?""", Timestamp.from(nextAttemptAt), error, messageId);
    }

    /** The user's newest {@code limit} e-mails, oldest first, as support sees them. */
    List<TimelineEntry> ofUser(String accountId, String userId, int limit) {
        return jdbc.query("""
                SELECT * FROM (SELECT * FROM email WHERE account_id = ? AND user_id = ?
                               ORDER BY created_at DESC, message_id DESC LIMIT ?) newest
                ORDER BY created_at, message_id""",
                (row, n) -> new TimelineEntry(row.getString("message_id"), row.getString("template"),
                        row.getString("order_id"), row.getString("to_masked"), row.getString("status"),
                        row.getInt("attempts"), instant(row, "sent_at"), row.getString("failure_reason"),
                        row.getString("last_error"), instant(row, "next_attempt_at")),
                accountId, userId, limit);
    }

    private static Queued queued(ResultSet row, @Nullable Contact contact) throws SQLException {
        return new Queued(row.getString("message_id"), row.getString("event_id"),
                MailTemplate.ofName(row.getString("template")),
                row.getString("order_id"), row.getString("account_id"), row.getString("user_id"),
                row.getString("event_type"), row.getString("event_data"), row.getString("recipient"), contact, null,
                undone(row), row.getInt("unconfirmed_sends"));
    }

    /** A cancel before a deactivation: an order cancelled is taken back whatever became of its factor. */
    private static @Nullable OrderUndone undone(ResultSet row) throws SQLException {
        Instant cancelledAt = instant(row, "order_cancelled_at");
        if (cancelledAt != null) {
            return OrderUndone.cancelled(cancelledAt);
        }
        Instant deactivatedAt = instant(row, "order_deactivated_at");
        return deactivatedAt == null ? null : OrderUndone.deactivated(deactivatedAt);
    }

    private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /**
     * An e-mail to send: the event it is written from (its type and data as JSON), not yet the text. {@code recipient}
     * is set for an e-mail to someone other than the user (an admin); the user's own e-mails go to their order's
     * contact: {@code contact}, read with the claim (null when it was not known then, and on a row not claimed).
     * {@code unreadable} says why this version cannot read a claimed row (then {@code template} is null): a name it
     * does not know. {@code orderUndone}: how and when the e-mail's order (of its user) was cancelled or its factor
     * deactivated, read with the claim (null when neither was then, and on a row not claimed).
     * {@code unconfirmedSends}: its sends so far that the server was handed whole and never answered, each counted
     * just before the end of its data went ({@link #handingOver}): those cut by a stop or crash of the instance while
     * it waited for the answer included.
     */
    record Queued(String messageId, String eventId, @Nullable MailTemplate template, @Nullable String orderId,
            String accountId, String userId, String eventType, String eventData, @Nullable String recipient,
            @Nullable Contact contact, @Nullable String unreadable, @Nullable OrderUndone orderUndone,
            int unconfirmedSends) {

        Queued(String messageId, String eventId, MailTemplate template, @Nullable String orderId, String accountId,
                String userId, String eventType, String eventData, @Nullable String recipient) {
            this(messageId, eventId, template, orderId, accountId, userId, eventType, eventData, recipient, null, null,
                    null, 0);
        }

        static Queued unreadable(String messageId, String eventId, @Nullable String orderId, String accountId,
                String userId, String eventType, String eventData, @Nullable String recipient, String why) {
            return new Queued(messageId, eventId, null, orderId, accountId, userId, eventType, eventData, recipient,
                    null, why, null, 0);
        }

        /** The template's name, as written: only e-mails this version made are written. */
        String templateName() {
            return Objects.requireNonNull(template, "an e-mail this version cannot read is not written")
                    .templateName();
        }

        /** The clear recipient stays out of logs. */
        @Override
        public String toString() {
            return "Queued[messageId=" + messageId + ", template=" + (template == null ? "?" : template.templateName())
                    + "]";
        }
    }

    /**
     * One e-mail on the user's timeline: never the clear address, never the body. {@code status} is PENDING (being
     * retried: {@code lastError}, {@code nextAttemptAt}), SENT ({@code sentAt}), FAILED ({@code failureReason}) or
     * WITHDRAWN (not sent because its order was cancelled or its factor deactivated: {@code failureReason}).
     */
    record TimelineEntry(String messageId, String template, @Nullable String orderId, @Nullable String toMasked,
            String status, int attempts, @Nullable Instant sentAt, @Nullable String failureReason,
            @Nullable String lastError, @Nullable Instant nextAttemptAt) {
    }
}
