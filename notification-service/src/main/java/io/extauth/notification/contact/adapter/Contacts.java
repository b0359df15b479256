package io.extauth.notification.contact.adapter;

import io.extauth.contract.AuthType;
import io.extauth.notification.contact.Contact;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    /** Keeps the contact of an order; an order seen before keeps its first contact. */
    public void keep(Contact contact) {
        jdbc.update("""
                INSERT INTO contact (order_id, account_id, user_id, email, type, credential_id, ordered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""", contact.orderId(),
                contact.accountId(), contact.userId(), contact.email(), contact.type().name(), contact.credentialId(),
                Timestamp.from(contact.orderedAt()));
    }

    /**
     * The contact of the order, when the order is the user's: an event that names another user's order (a careless
     * writer) must not mail that other user, and waits as for an order not read yet.
     */
    public Optional<Contact> ofOrder(String orderId, String accountId, String userId) {
        return jdbc.query("SELECT * FROM contact WHERE order_id = ? AND account_id = ? AND user_id = ?",
                Contacts::contact, orderId, accountId, userId).stream().findFirst();
    }

    /** The contact of the user's latest order. */
    public Optional<Contact> latestOf(String accountId, String userId) {
        return jdbc.query("""
                SELECT * FROM contact WHERE account_id = ? AND user_id = ? ORDER BY ordered_at DESC LIMIT 1""",
                Contacts::contact, accountId, userId).stream().findFirst();
    }

    private static Contact contact(ResultSet row, int rowNum) throws SQLException {
        return new Contact(row.getString("order_id"), row.getString("account_id"), row.getString("user_id"),
                row.getString("email"), AuthType.valueOf(row.getString("type")), row.getString("credential_id"),
                row.getTimestamp("ordered_at").toInstant());
    }
}
