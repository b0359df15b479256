package io.extauth.notification.contact.adapter;

import io.extauth.notification.contact.AdminContact;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each account's admin contacts, whom to tell when a user of the account reports fraud: the
 * {@code account_admin_contact} table.
 */
@Repository
public class AdminContacts {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AdminContacts(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Replaces the account's list; addresses kept from the old list keep when they were added. Returns the list as this
     * replace left it. One replace of an account at a time: its lock is taken by a statement of its own, before the
     * delete reads the list (a delete's snapshot is taken before it runs). Without it two replaces at once each
     * deleted only what their snapshot saw, and the list ended as both lists together, an address the later request
     * meant to remove still told of fraud reports.
     */
    @Transactional
    public List<AdminContact> replace(String accountId, List<String> emails) {
        jdbc.queryForObject("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('extauth.admin_contact'), "
                + "hashtext(?))) l", Integer.class, accountId);
        jdbc.update("DELETE FROM account_admin_contact WHERE account_id = ? AND NOT (email = ANY (?))", accountId,
                emails.toArray(String[]::new));
        Timestamp now = Timestamp.from(clock.instant());
        for (String email : emails) {
            jdbc.update("""
                    INSERT INTO account_admin_contact (account_id, email, added_at) VALUES (?, ?, ?)
                    ON CONFLICT (account_id, email) DO NOTHING""", accountId, email, now);
        }
        return of(accountId);
    }

    /** The account's admin addresses, oldest first; empty when none is configured. */
    public List<AdminContact> of(String accountId) {
        return jdbc.query("SELECT * FROM account_admin_contact WHERE account_id = ? ORDER BY added_at, email",
                (row, n) -> new AdminContact(row.getString("account_id"), row.getString("email"),
                        row.getTimestamp("added_at").toInstant()), accountId);
    }
}
