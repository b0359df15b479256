package io.extauth.notification.contact.adapter;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The orders cancelled (table {@code cancelled_order}), kept whether or not the order's contact is: what a cancel means
 * for an order's e-mails is the mail side's ({@code Emails.withdrawnBecause}).
 */
@Repository
public class CancelledOrders {

    private final JdbcTemplate jdbc;

    CancelledOrders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the user's order as cancelled at {@code cancelledAt}; a cancel of an order kept as cancelled keeps the first. */
    public void cancel(String accountId, String userId, String orderId, Instant cancelledAt) {
        jdbc.update("""
                INSERT INTO cancelled_order (account_id, user_id, order_id, cancelled_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", accountId, userId, orderId, Timestamp.from(cancelledAt));
    }
}
