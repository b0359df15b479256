package io.extauth.messaging.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
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
 *
 * <p>Once the record has waited {@code retry.hand-over-after} on a database that the probe finds unavailable from
 * this instance, its container is handed over instead ({@link ListenerHandOver}): the wait that follows ends as the
 * container stops, and the record is read again by the partition's new owner. A record this instance meets again
 * after handing it over goes on from the wait it had here, so {@code retry.database-wait} still bounds one that takes
 * the database down wherever it goes.
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
    private final @Nullable ListenerHandOver handOver;

    /**
     * @param givenUp run when the record has waited {@code limit}, on the consumer's thread, just before spring-kafka
     *     dead-letters it
     * @param handOver asked, once the record has waited its {@link ListenerHandOver#after}, to hand its container's
     *     partitions to the service's other instances; null never
     */
    DatabaseWait(ConsumerRecord<?, ?> record, Exception failure, ExponentialBackOff intervals, Duration limit,
            Clock clock, Runnable givenUp, @Nullable ListenerHandOver handOver) {
        this.record = KafkaUtils.format(record);
        this.reason = DeadLetters.reason(failure);
        this.intervals = intervals;
        this.limit = limit;
        this.clock = clock;
        this.givenUp = givenUp;
        this.handOver = handOver;
    }

    @Override
    public BackOffExecution start() {
        // a record this instance handed over and meets again goes on from the wait it had here
        Duration before = handOver == null ? Duration.ZERO : handOver.waitedBefore(record);
        return new Waiting(intervals.start(), clock.instant().minus(before));
    }

    /** Whether a record that has waited {@code waited} hands its container over now. */
    private boolean handsOver(Duration waited) {
        return handOver != null && !handOver.after().isZero() && waited.compareTo(handOver.after()) >= 0
                && handOver.handOver(record, waited, reason);
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
            if (handsOver(waited)) {
                // the container stops; spring-kafka's wait ends when it does, the record is neither retried here nor
                // dead-lettered, and its offset, not committed, is where the partition's new owner reads from
                return wait;
            }
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
