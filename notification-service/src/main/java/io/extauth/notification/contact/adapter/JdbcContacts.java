package io.extauth.notification.contact.adapter;

import io.extauth.contract.AuthType;
import io.extauth.notification.contact.Contact;
import io.extauth.notification.contact.Contacts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code contact} table. */
@Repository
class JdbcContacts implements Contacts {

    private final JdbcTemplate jdbc;

    JdbcContacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void keep(Contact contact) {
        jdbc.update("""
                INSERT INTO contact (order_id, account_id, user_id, email, type, credential_id, ordered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""", contact.orderId(),
                contact.accountId(), contact.userId(), contact.email(), contact.type().name(), contact.credentialId(),
                Timestamp.from(contact.orderedAt()));
    }

    @Override
    public Optional<Contact> ofOrder(String orderId) {
        return jdbc.query("SELECT * FROM contact WHERE order_id = ?", JdbcContacts::contact, orderId).stream()
                .findFirst();
    }

    @Override
    public Optional<Contact> latestOf(String accountId, String userId) {
        return jdbc.query("""
                SELECT * FROM contact WHERE account_id = ? AND user_id = ? ORDER BY ordered_at DESC LIMIT 1""",
                JdbcContacts::contact, accountId, userId).stream().findFirst();
    }

    private static Contact contact(ResultSet row, int rowNum) throws SQLException {
        return new Contact(row.getString("order_id"), row.getString("account_id"), row.getString("user_id"),
                row.getString("email"), AuthType.valueOf(row.getString("type")), row.getString("credential_id"),
                row.getTimestamp("ordered_at").toInstant());
    }
}
