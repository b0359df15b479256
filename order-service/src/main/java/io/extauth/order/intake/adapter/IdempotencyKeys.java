package io.extauth.order.intake.adapter;

import io.extauth.order.status.OrderStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Which portal request (by caller and Idempotency-Key) created which order, and what it answered. */
@Repository
class IdempotencyKeys {

    /** The first request of a key: a fingerprint of its body and the response it got. */
    record FirstRequest(String requestHash, String orderId, OrderStatus status) {
    }

    private final JdbcTemplate jdbc;

    IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<FirstRequest> find(String caller, String key) {
        return jdbc.query("""
                SELECT request_hash, order_id, response_status FROM idempotency_keys
                WHERE caller = ? AND idempotency_key = ?""",
                (rs, n) -> new FirstRequest(rs.getString("request_hash"), rs.getString("order_id"),
                        OrderStatus.valueOf(rs.getString("response_status"))), caller, key).stream().findFirst();
    }

    /** Throws a duplicate-key error when a concurrent request of the same key got there first. */
    void remember(String caller, String key, FirstRequest first, Instant at) {
        jdbc.update("""
                INSERT INTO idempotency_keys (caller, idempotency_key, request_hash, order_id, response_status, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""", caller, key, first.requestHash(), first.orderId(), first.status().name(),
                Timestamp.from(at));
    }
}
