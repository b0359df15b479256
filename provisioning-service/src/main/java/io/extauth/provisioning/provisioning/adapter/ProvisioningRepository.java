package io.extauth.provisioning.provisioning.adapter;

import io.extauth.contract.AuthType;
import io.extauth.provisioning.provisioning.ProvisioningRecord;
import io.extauth.provisioning.provisioning.ProvisioningStatus;
import io.extauth.provisioning.provisioning.VendorOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code provisioning} table. */
@Repository
class ProvisioningRepository {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    ProvisioningRepository(JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    Optional<ProvisioningRecord> find(String orderId) {
        return jdbc.query("SELECT * FROM provisioning WHERE order_id = ?", ProvisioningRepository::record, orderId)
                .stream().findFirst();
    }

    List<ProvisioningRecord> ofUser(String accountId, String userId) {
        return jdbc.query("SELECT * FROM provisioning WHERE account_id = ? AND user_id = ? ORDER BY created_at",
                ProvisioningRepository::record, accountId, userId);
    }

    /**
     * Counts one more attempt at the vendor, committed at once in its own transaction: the handler's transaction rolls
     * back when the vendor is unavailable, and the count must survive that to say how often it was tried.
     */
    int countAttempt(VendorOrder order) {
        Timestamp now = Timestamp.from(clock.instant());
        Integer attempts = ownTransaction.execute(status -> jdbc.queryForObject("""
                INSERT INTO provisioning (order_id, account_id, user_id, type, credential_id, status, attempts,
                                          created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'PENDING', 1, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET attempts = provisioning.attempts + 1, updated_at = EXCLUDED.updated_at
                RETURNING attempts""", Integer.class, order.orderId(), order.accountId(), order.userId(),
                order.type().name(), order.credentialId(), now, now));
        return attempts == null ? 1 : attempts;
    }

    void settle(String orderId, ProvisioningStatus status, @Nullable String vendorRef, @Nullable String reason) {
        jdbc.update("""
                UPDATE provisioning SET status = ?, vendor_ref = COALESCE(?, vendor_ref), failure_reason = ?,
                                        updated_at = ?
                WHERE order_id = ?""", status.name(), vendorRef, reason, Timestamp.from(clock.instant()), orderId);
    }

    private static ProvisioningRecord record(ResultSet row, int rowNum) throws SQLException {
        return new ProvisioningRecord(row.getString("order_id"), row.getString("account_id"),
                row.getString("user_id"), AuthType.valueOf(row.getString("type")), row.getString("credential_id"),
                row.getString("vendor_ref"), ProvisioningStatus.valueOf(row.getString("status")),
                row.getInt("attempts"), row.getString("failure_reason"));
    }
}
