package io.extauth.notification.contact.adapter;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The orders taken back: cancelled (table {@code cancelled_order}) or their factor deactivated (table
 * {@code deactivated_order}), kept whether or not the order's contact is. Each keeps the first time its event gave.
 * What that means for an order's e-mails is the mail side's ({@code Emails.withdrawnBecause}). Two tables, not one
 * with a column saying which: an instance of the version before, during a rolling deploy, keeps reading and writing
 * {@code cancelled_order} as it was.
 */
@Repository
public class UndoneOrders {

    private final JdbcTemplate jdbc;

    UndoneOrders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the user's order as cancelled at {@code cancelledAt}; of two cancels of one order, the first is kept. */
    public void cancelled(String accountId, String userId, String orderId, Instant cancelledAt) {
        jdbc.update("""
                INSERT INTO cancelled_order (account_id, user_id, order_id, cancelled_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", accountId, userId, orderId, Timestamp.from(cancelledAt));
    }

    /** Keeps the factor of the user's order as deactivated at {@code deactivatedAt}; the first deactivation is kept. */
    public void deactivated(String accountId, String userId, String orderId, Instant deactivatedAt) {
        jdbc.update("""
                INSERT INTO deactivated_order (account_id, user_id, order_id, deactivated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", accountId, userId, orderId, Timestamp.from(deactivatedAt));
    }
}
