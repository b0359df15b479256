package io.extauth.notification.contact.adapter;

import io.extauth.notification.contact.AdminContact;
import io.extauth.notification.contact.AdminContacts;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code account_admin_contact} table. */
@Repository
class JdbcAdminContacts implements AdminContacts {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    JdbcAdminContacts(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void replace(String accountId, List<String> emails) {
        jdbc.update("DELETE FROM account_admin_contact WHERE account_id = ? AND NOT (email = ANY (?))", accountId,
                emails.toArray(String[]::new));
        Timestamp now = Timestamp.from(clock.instant());
        for (String email : emails) {
            jdbc.update("""
                    INSERT INTO account_admin_contact (account_id, email, added_at) VALUES (?, ?, ?)
                    ON CONFLICT (account_id, email) DO NOTHING""", accountId, email, now);
        }
    }

    @Override
    public List<AdminContact> of(String accountId) {
        return jdbc.query("SELECT * FROM account_admin_contact WHERE account_id = ? ORDER BY added_at, email",
                (row, n) -> new AdminContact(row.getString("account_id"), row.getString("email"),
                        row.getTimestamp("added_at").toInstant()), accountId);
    }
}
