package io.extauth.service.settings;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Refuses to start a service whose outbox relay would wait for the broker longer than its database lets a transaction
 * sit idle. The relay's round is a transaction (the schema's round lock, the outbox read, the delete of what the broker
 * acknowledged with the commit) that waits idle for up to {@code extauth.messaging.relay-ack-timeout} in the middle;
 * PostgreSQL ends a session idle in a transaction for {@code idle_in_transaction_session_timeout} (60 s on the servers
 * extauth ships), so a wait that reached it lost every slow round: its session ended, its deletes undone, its events
 * published again. The timeout is read from the database at start, as the relay's sessions see it (a role's or a
 * database's own setting included); 0 is no bound.
 * <p>
 * Not the driver's socket timeout ({@code extauth.database.socket-timeout}): it bounds a wait for the database's
 * answer, and while the relay waits for the broker the database owes it none.
 */
final class RelayAckTimeoutCheck implements InitializingBean {

    static final String PROPERTY = "extauth.messaging.relay-ack-timeout";
    private static final Logger log = LoggerFactory.getLogger(RelayAckTimeoutCheck.class);

    private final JdbcTemplate jdbc;
    private final Duration ackTimeout;

    RelayAckTimeoutCheck(JdbcTemplate jdbc, Duration ackTimeout) {
        this.jdbc = jdbc;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void afterPropertiesSet() {
        Duration idle;
        try {
            String millis = jdbc.queryForObject(
                    "SELECT setting FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'", String.class);
            idle = Duration.ofMillis(Long.parseLong(millis == null ? "0" : millis));
        } catch (DataAccessException | NumberFormatException e) {
            log.warn("Could not read the database's idle_in_transaction_session_timeout, so {} ({}) is not checked "
                    + "against it: {}", PROPERTY, text(ackTimeout), e.toString());
            return;
        }
        problem(ackTimeout, idle).ifPresent(problem -> {
            throw new InvalidSettingException(PROPERTY, problem);
        });
    }

    /**
     * What is wrong with {@code ackTimeout} under the database's {@code idleInTransaction}, if anything: it must be at
     * most half of it. The rest of the round's idle stretch is the producer's sends (which block on a full buffer or a
     * topic's missing metadata), a pause of the JVM, the commit on its way.
     */
    static Optional<String> problem(Duration ackTimeout, Duration idleInTransaction) {
        if (idleInTransaction.isZero() || idleInTransaction.isNegative()
                || ackTimeout.multipliedBy(2).compareTo(idleInTransaction) <= 0) {
            return Optional.empty();
        }
        return Optional.of("is " + text(ackTimeout) + ", not well under the database's "
                + "idle_in_transaction_session_timeout (" + text(idleInTransaction) + "): the relay's round waits that "
                + "long for the broker inside its transaction, and PostgreSQL ends a session idle in a transaction at "
                + "its timeout, so every slow round would be lost and its events published again. Give at most half of "
                + "it (" + text(idleInTransaction.dividedBy(2)) + "; the default is 5s), or raise the server's timeout "
                + "for the service's role.");
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1_000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
