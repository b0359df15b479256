package io.extauth.notification.mail.adapter;

import io.extauth.notification.mail.Email;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code sent_email} table: one row per e-mail handed to SMTP, keyed by its Message-ID. */
@Repository
class SentEmails {

    private final JdbcTemplate jdbc;

    SentEmails(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the e-mail as sent; {@code false} when a message with its Message-ID was recorded before. */
    boolean record(Email email, String eventId, Instant sentAt) {
        return jdbc.update("""
                INSERT INTO sent_email (message_id, event_id, template, order_id, account_id, user_id, to_masked, sent_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING""", email.messageId(), eventId,
                email.template().templateName(), email.orderId(), email.accountId(), email.userId(), email.toMasked(),
                Timestamp.from(sentAt)) == 1;
    }

    List<SentEmail> ofUser(String accountId, String userId) {
        return jdbc.query("SELECT * FROM sent_email WHERE account_id = ? AND user_id = ? ORDER BY sent_at",
                (row, n) -> new SentEmail(row.getString("message_id"), row.getString("template"),
                        row.getString("order_id"), row.getString("to_masked"),
                        row.getTimestamp("sent_at").toInstant()), accountId, userId);
    }

    /** An e-mail as support sees it: never the clear address, never the body. */
    record SentEmail(String messageId, String template, @Nullable String orderId, String toMasked, Instant sentAt) {
    }
}
