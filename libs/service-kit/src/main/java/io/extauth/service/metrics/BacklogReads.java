package io.extauth.service.metrics;

import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a gauge of work waiting in a table reads at each scrape: how many rows, and how old the oldest is. An
 * unreadable database reads as NaN, which alerts on absence rather than on a made-up zero. The outbox's gauges and the
 * services' own (provisioning-service's orders, notification-service's e-mails) read through it.
 */
public final class BacklogReads {

    private static final Logger log = LoggerFactory.getLogger(BacklogReads.class);

    private BacklogReads() {
    }

    /** The count {@code countSql} returns (one row, one column), or NaN when the database does not answer. */
    public static double rows(JdbcTemplate jdbc, String countSql, Object... arguments) {
        try {
            Long rows = jdbc.queryForObject(countSql, Long.class, arguments);
            return rows == null ? 0 : rows;
        } catch (DataAccessException e) {
            log.debug("Backlog unreadable ({}): {}", countSql, e.getMessage());
            return Double.NaN;
        }
    }

    /**
     * Seconds since the time {@code oldestSql} returns (one row, one column: a {@code min(...)}), 0 when it is null
     * (nothing waits), NaN when the database does not answer.
     */
    public static double ageSeconds(JdbcTemplate jdbc, Clock clock, String oldestSql, Object... arguments) {
        try {
            Timestamp oldest = jdbc.queryForObject(oldestSql, Timestamp.class, arguments);
            return oldest == null ? 0 : Math.max(0, (clock.millis() - oldest.getTime()) / 1000.0);
        } catch (DataAccessException e) {
            log.debug("Backlog age unreadable ({}): {}", oldestSql, e.getMessage());
            return Double.NaN;
        }
    }
}
