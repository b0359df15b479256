package io.extauth.messaging.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The back-off of a record that failed because the database is unavailable ({@link DatabaseUnavailable}): the
 * listeners' exponential intervals, capped, until the database is back or the record has waited
 * {@code retry.database-wait}, counted by the clock from its first failure of the kind. The consumer holds the
 * record's partition (and the others it holds) meanwhile; a dead letter at once would let the user's next event
 * overtake this one. Past the limit the record is dead-lettered all the same: a record that itself takes the database
 * down (its statement crashes the server, which is still in crash recovery when asked; its own temporary files fill
 * the disk) would otherwise do it again at every attempt, for ever. The bound is wall time, not the sum of the
 * intervals ({@link ExponentialBackOff#setMaxElapsedTime}): each attempt may itself wait for a connection (Hikari's
 * {@code connection-timeout}). Said at WARN at the first failure, every {@value #WARN_EVERY}th after it and when the
 * record is given up, not at every attempt of an outage that may last long.
 */
final class DatabaseWait implements BackOff {

    static final int WARN_EVERY = 10;

    private static final Logger log = LoggerFactory.getLogger(DatabaseWait.class);

    private final String record;
    private final String reason;
    private final ExponentialBackOff intervals;
    private final Duration limit;
    private final Clock clock;
    private final Runnable givenUp;

    /**
     * @param givenUp run when the record has waited {@code limit}, on the consumer's thread, just before spring-kafka
     *     dead-letters it
     */
    DatabaseWait(ConsumerRecord<?, ?> record, Exception failure, ExponentialBackOff intervals, Duration limit,
            Clock clock, Runnable givenUp) {
        this.record = KafkaUtils.format(record);
        this.reason = DeadLetters.reason(failure);
        this.intervals = intervals;
        this.limit = limit;
        this.clock = clock;
        this.givenUp = givenUp;
    }

    @Override
    public BackOffExecution start() {
        return new Waiting(intervals.start(), clock.instant());
    }

    /** {@code 15m}, {@code 1h30m}, {@code 2.5s}: as the setting is written. */
    static String readable(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private final class Waiting implements BackOffExecution {

        private final BackOffExecution intervals;
        private final Instant firstFailure;
        private int failures;

        Waiting(BackOffExecution intervals, Instant firstFailure) {
            this.intervals = intervals;
            this.firstFailure = firstFailure;
        }

        @Override
        public long nextBackOff() {
            failures++;
            Duration waited = Duration.between(firstFailure, clock.instant());
            if (waited.compareTo(limit) >= 0) {
                log.warn("{} waited {} for the database, failed {} time(s); given up (retry.database-wait {}) and "
                        + "dead-lettered, to be replayed once the database is back: {}", record, readable(waited),
                        failures, readable(limit), reason);
                givenUp.run();
                return STOP;
            }
            long wait = intervals.nextBackOff();
            if (failures == 1 || failures % WARN_EVERY == 0) {
                log.warn("{} waits for the database, failed {} time(s), next try in {} ms; it is not dead-lettered "
                        + "before it has waited {}, and the records after it wait too: {}", record, failures, wait,
                        readable(limit), reason);
            }
            return wait;
        }

        @Override
        public String toString() {
            return "DatabaseWait[" + record + ", failures=" + failures + ", since " + firstFailure + "]";
        }
    }
}
