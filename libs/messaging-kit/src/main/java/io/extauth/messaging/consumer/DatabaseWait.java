package io.extauth.messaging.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The back-off of a record that failed because the database is unavailable ({@link DatabaseUnavailable}): the
 * listeners' exponential intervals, capped, without end. The consumer holds the record's partition (and the others it
 * holds) until the database is back, then goes on in order; a dead letter instead would let the user's next event
 * overtake this one. Said at WARN at the first failure and every {@value #WARN_EVERY}th after it, not at every
 * attempt of an outage that may last hours.
 */
final class DatabaseWait implements BackOff {

    static final int WARN_EVERY = 10;

    private static final Logger log = LoggerFactory.getLogger(DatabaseWait.class);

    private final String record;
    private final String reason;
    private final ExponentialBackOff intervals;

    DatabaseWait(ConsumerRecord<?, ?> record, Exception failure, ExponentialBackOff intervals) {
        this.record = KafkaUtils.format(record);
        this.reason = DeadLetters.reason(failure);
        this.intervals = intervals;
    }

    @Override
    public BackOffExecution start() {
        return new Waiting(intervals.start());
    }

    private final class Waiting implements BackOffExecution {

        private final BackOffExecution intervals;
        private int failures;

        Waiting(BackOffExecution intervals) {
            this.intervals = intervals;
        }

        @Override
        public long nextBackOff() {
            long wait = intervals.nextBackOff();
            failures++;
            if (failures == 1 || failures % WARN_EVERY == 0) {
                log.warn("{} waits for the database, failed {} time(s), next try in {} ms; it is not dead-lettered "
                        + "while the database is unavailable, and the records after it wait too: {}", record,
                        failures, wait, reason);
            }
            return wait;
        }

        @Override
        public String toString() {
            return "DatabaseWait[" + record + ", failures=" + failures + "]";
        }
    }
}
