package io.extauth.challenge.activation.adapter;

import io.extauth.challenge.activation.PhoneVerification;
import io.extauth.challenge.factor.PhoneSlot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code phone_verification} table. */
@Repository
class PhoneVerifications {

    private final JdbcTemplate jdbc;

    PhoneVerifications(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(PhoneVerification v) {
        jdbc.update("""
                INSERT INTO phone_verification (id, account_id, user_id, slot, phone, country_code, extension,
                  phone_masked, status, created_at, expires_at, requested_by, requested_by_admin)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                v.id(), v.accountId(), v.userId(), v.slot().name(), v.phone(), v.countryCode(), v.extension(),
                v.phoneMasked(), v.status().name(), Timestamp.from(v.createdAt()), Timestamp.from(v.expiresAt()),
                v.requestedBy(), v.requestedByAdmin());
    }

    Optional<PhoneVerification> find(UUID id) {
        return jdbc.query("SELECT * FROM phone_verification WHERE id = ?", PhoneVerifications::map, id).stream()
                .findFirst();
    }

    /** Decides a pending verification once and forgets the number; false when it was decided already. */
    boolean decide(UUID id, PhoneVerification.Status status, String reason, Instant at) {
        return jdbc.update("""
                UPDATE phone_verification SET status = ?, reason = ?, decided_at = ?, phone = NULL,
                  country_code = NULL, extension = NULL
                WHERE id = ? AND status = 'CALLING'""", status.name(), reason, Timestamp.from(at), id) == 1;
    }

    /**
     * Ends every verification of the user still ringing, unconfirmed and without a strike, and forgets the numbers:
     * the rules it was started under no longer hold (see {@code PhoneFactorActivation#saveSettings}).
     */
    int failPending(String accountId, String userId, String reason, Instant at) {
        return jdbc.update("""
                UPDATE phone_verification SET status = 'FAILED', reason = ?, decided_at = ?, phone = NULL,
                  country_code = NULL, extension = NULL
                WHERE account_id = ? AND user_id = ? AND status = 'CALLING'""", reason, Timestamp.from(at), accountId,
                userId);
    }

    void deletePending(UUID id) {
        jdbc.update("DELETE FROM phone_verification WHERE id = ? AND status = 'CALLING'", id);
    }

    List<UUID> pendingExpiredBy(Instant now, int limit) {
        return jdbc.queryForList("SELECT id FROM phone_verification WHERE status = 'CALLING' AND expires_at <= ? "
                + "ORDER BY expires_at LIMIT ?", UUID.class, Timestamp.from(now), limit);
    }

    private static PhoneVerification map(ResultSet rs, int row) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new PhoneVerification(rs.getObject("id", UUID.class), rs.getString("account_id"),
                rs.getString("user_id"), PhoneSlot.valueOf(rs.getString("slot")), rs.getString("phone"), rs.getString("country_code"),
                rs.getString("extension"), rs.getString("phone_masked"),
                PhoneVerification.Status.valueOf(rs.getString("status")),
                rs.getString("reason"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), decided == null ? null : decided.toInstant(),
                rs.getString("requested_by"), rs.getBoolean("requested_by_admin"));
    }
}
