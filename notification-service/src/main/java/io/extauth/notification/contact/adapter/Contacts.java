package io.extauth.notification.contact.adapter;

import io.extauth.contract.AuthType;
import io.extauth.notification.contact.Contact;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The contacts kept so far: the {@code contact} table. */
@Repository
public class Contacts {

    private final JdbcTemplate jdbc;

    Contacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps the contact of an order; an order seen before keeps its first contact. A new contact makes the user's
     * e-mails of that order that waited for it due now, in the same statement: read late (its topic lagged), it no
     * longer leaves them to their back-off, up to a minute, nor lets a later notice of the order go out first. A row a
     * worker holds right now is left to it.
     */
    public void keep(Contact contact, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("""
                WITH kept AS (
                    INSERT INTO contact (order_id, account_id, user_id, email, type, credential_id, ordered_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING RETURNING order_id)
                UPDATE email SET next_attempt_at = ?
                WHERE account_id = ? AND user_id = ? AND order_id IN (SELECT order_id FROM kept)
                  AND status = 'PENDING' AND recipient IS NULL AND next_attempt_at > ?
                  AND (lease_until IS NULL OR lease_until <= ?)""", contact.orderId(),
                contact.accountId(), contact.userId(), contact.email(), contact.type().name(), contact.credentialId(),
                Timestamp.from(contact.orderedAt()), at, contact.accountId(), contact.userId(), at, at);
    }

    /**
     * The contact of the order, when the order is the user's: an event that names another user's order (a careless
     * writer) must not mail that other user, and waits as for an order not read yet.
     */
    public Optional<Contact> ofOrder(String orderId, String accountId, String userId) {
        return jdbc.query("SELECT * FROM contact WHERE order_id = ? AND account_id = ? AND user_id = ?",
                Contacts::contact, orderId, accountId, userId).stream().findFirst();
    }

    /**
     * The contact of the user's latest order that was not cancelled, for an event that names no order (written before
     * events named theirs): such an event is about the factor the user has, and a cancelled order never became it.
     * Only when every order of the user was cancelled is the latest of them taken. Two orders of the same time are told
     * apart by their ids, as the mail worker's claim does, so both choose alike. An order whose factor was
     * deactivated is not passed over: an event written before the deactivation is about that factor.
     */
    public Optional<Contact> latestOf(String accountId, String userId) {
        return jdbc.query("""
                SELECT c.* FROM contact c
                LEFT JOIN cancelled_order x
                       ON x.account_id = c.account_id AND x.user_id = c.user_id AND x.order_id = c.order_id
                WHERE c.account_id = ? AND c.user_id = ?
                ORDER BY x.order_id IS NULL DESC, c.ordered_at DESC, c.order_id DESC LIMIT 1""",
                Contacts::contact, accountId, userId).stream().findFirst();
    }

    private static Contact contact(ResultSet row, int rowNum) throws SQLException {
        return new Contact(row.getString("order_id"), row.getString("account_id"), row.getString("user_id"),
                row.getString("email"), AuthType.valueOf(row.getString("type")), row.getString("credential_id"),
                row.getTimestamp("ordered_at").toInstant());
    }
}
