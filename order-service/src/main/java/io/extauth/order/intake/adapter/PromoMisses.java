package io.extauth.order.intake.adapter;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The promo codes each caller sent for an account that did not apply ({@link PromoMissProperties}), counted in
 * PostgreSQL across instances. The check takes a lock of the caller's for the rest of its transaction, so requests
 * sent at once are counted one after the other.
 */
@Component
@EnableConfigurationProperties(PromoMissProperties.class)
class PromoMisses {

    private final JdbcTemplate jdbc;
    private final PromoMissProperties properties;
    private final Clock clock;

    PromoMisses(JdbcTemplate jdbc, PromoMissProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * How long {@code caller} waits before it may send a promo code again; empty when it may now. Call it in the
     * transaction that records the miss: it holds the caller's lock until then.
     */
    Optional<Duration> waitBeforeNext(String caller) {
        if (properties.perCaller() <= 0) {
            return Optional.empty(); // no bound: an operator switched it off
        }
        jdbc.query("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", result -> null, "promo-miss " + caller);
        Instant now = clock.instant();
        // the miss that must leave the window before one more fits: the perCaller-th newest in it
        List<Timestamp> mustLeave = jdbc.queryForList("""
                SELECT missed_at FROM promo_miss WHERE caller = ? AND missed_at > ?
                ORDER BY missed_at DESC OFFSET ? LIMIT 1""", Timestamp.class, caller,
                Timestamp.from(now.minus(properties.window())), properties.perCaller() - 1);
        if (mustLeave.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, mustLeave.get(0).toInstant().plus(properties.window()));
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    /**
     * One more code of {@code caller}'s that did not apply; every miss older than the window is forgotten, whoever
     * made it, so the table holds the window's misses only.
     */
    void missed(String caller) {
        if (properties.perCaller() <= 0) {
            return;
        }
        Instant now = clock.instant();
        jdbc.update("DELETE FROM promo_miss WHERE missed_at <= ?", Timestamp.from(now.minus(properties.window())));
        jdbc.update("INSERT INTO promo_miss (caller, missed_at) VALUES (?, ?)", caller, Timestamp.from(now));
    }
}
