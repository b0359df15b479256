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

    /**
     * The first request of the caller's key, looked up once no other request of that key is under way: the key's lock
     * is taken first and held for the rest of the transaction, so a request sent again while the first still runs
     * waits for it to commit and then finds what it answered. Looked up before the lock, a resend with a promo code
     * found nothing, waited on the caller's promo lock, then read the first's committed order as the user's live one
     * and was refused {@code ALREADY_LIVE}, naming its own first request's order. A hash collision of two keys only
     * makes one wait for the other.
     */
    Optional<FirstRequest> findOnceEarlierRequestsOfTheKeyEnded(String caller, String key) {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", result -> null,
                "idempotency-key " + caller + " " + key);
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
