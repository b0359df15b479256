package io.extauth.messaging;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the messaging kit ({@code extauth.messaging.*}); the defaults suit the embedded stack.
 *
 * @param partitions partitions of every contract topic and its dead-letter topic when the kit creates them
 * @param topics whether and how the kit creates the contract's topics
 * @param relayPollInterval how often the outbox relay looks for rows when no commit woke it
 * @param relayBatchSize how many outbox rows one relay round publishes
 * @param relayAckTimeout how long one relay round waits for the broker's acknowledgements; a partition that has not
 *     answered by then is set aside (its events wait, in order) while the other partitions go on. The wait is inside
 *     the round's transaction: a service refuses at start one over half the database's
 *     {@code idle_in_transaction_session_timeout} (the service kit's {@code RelayAckTimeoutCheck})
 * @param retry back-off of a consumer's failing record: one that fails by itself is dead-lettered after the last
 *     attempt; one that fails because the database is unavailable is retried on the same back-off until the database
 *     is back, for at most {@code retry.database-wait}, then dead-lettered with a reason that says so
 *     ({@code DeadLetters})
 * @param batchConsume whether listeners take a poll's records in one transaction (one inbox insert, the handlers of
 *     the new events, one commit); {@code false} means one transaction per record. Read by the listener container
 *     factory's post-processor, before this record is bound.
 * @param inbox how long the inbox keeps the ids of the events it handled
 */
@ConfigurationProperties("extauth.messaging")
public record MessagingProperties(
        @DefaultValue("3") int partitions,
        @DefaultValue Topics topics,
        @DefaultValue("500ms") Duration relayPollInterval,
        @DefaultValue("500") int relayBatchSize,
        @DefaultValue("5s") Duration relayAckTimeout,
        @DefaultValue Retry retry,
        @DefaultValue("true") boolean batchConsume,
        @DefaultValue Inbox inbox) {

    /**
     * Topic creation ({@code extauth.messaging.topics.*}).
     *
     * @param create whether the kit creates the contract's topics (and {@code -dlt} topics) at start-up; {@code false}
     *     where topics are managed outside the services
     * @param replicationFactor replicas of each topic it creates; unset means the broker's
     *     {@code default.replication.factor}. Topics already there are never changed, only checked.
     */
    public record Topics(@DefaultValue("true") boolean create, @Nullable Short replicationFactor) {

        public Optional<Short> replication() {
            return Optional.ofNullable(replicationFactor);
        }
    }

    /**
     * The inbox's prune ({@code extauth.messaging.inbox.*}).
     *
     * @param retention how long a handled event's id is kept; unset means as long as the contract's topics and
     *     their dead-letter topics on the cluster can still deliver the event ({@code InboxHorizon}), and for ever
     *     while one of them keeps records for ever, compacts them or takes timestamps any time ahead, or no contract
     *     topic is found. Set shorter, an event that comes again after its id was deleted is applied again.
     * @param pruneInterval how often the rows past it are deleted; {@code 0} never
     */
    public record Inbox(@Nullable Duration retention, @DefaultValue("1h") Duration pruneInterval) {
    }

    /**
     * Exponential back-off: {@code initialInterval * multiplier^n}, capped at {@code maxInterval} and at half the
     * consumers' {@code max.poll.interval.ms}, for at most {@code maxAttempts}; while the database is unavailable,
     * until it is back but for at most {@code databaseWait}.
     *
     * @param databaseWait how long a record that fails because the database is unavailable waits for it, counted by
     *     the clock from its first such failure, before it is dead-lettered all the same (its reason says it waited
     *     that long, to be replayed once the database is back). Long enough for a restart, a failover or a crash
     *     recovery; bounded because a record can take the database down itself (a statement that crashes the server,
     *     temporary files that fill the disk) and would otherwise do it again at every attempt, for ever. Refused at
     *     start unless positive. With {@code handOverAfter} on, a record whose wait the probe blames on the
     *     database being unreachable from this instance is handed over long before; this bound is then the wait of a
     *     record on a database that answers the probe but takes no write from it (a full disk), and of a record
     *     this instance meets again after handing it over, counted over its waits here (one that takes the database
     *     down wherever it goes)
     * @param handOverAfter how long a record waits for a database that the probe, asked again then, finds unreachable
     *     from this instance, before its listener container stops and leaves the consumer group, so that the
     *     service's other instances take its partitions and the record; started again once the database takes
     *     writes from here ({@code ListenerHandOver}). When the database is down for every instance, every instance
     *     stops, and nothing is dead-lettered for the outage. {@code 0} never hands over: the record waits up to
     *     {@code databaseWait} and is then dead-lettered. Refused at start if negative.
     */
    public record Retry(
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("10s") Duration maxInterval,
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("15m") Duration databaseWait,
            @DefaultValue("1m") Duration handOverAfter) {

        @ConstructorBinding
        public Retry {
            if (databaseWait.isZero() || databaseWait.isNegative()) {
                throw new IllegalArgumentException("extauth.messaging.retry.database-wait must be positive (a record "
                        + "waits that long for an unavailable database before it is dead-lettered), is "
                        + databaseWait);
            }
            if (handOverAfter.isNegative()) {
                throw new IllegalArgumentException("extauth.messaging.retry.hand-over-after must not be negative (0 "
                        + "never hands a listener over), is " + handOverAfter);
            }
        }

        /** Without hand-over, as a listener's error handler without a container to hand over is. */
        public Retry(Duration initialInterval, double multiplier, Duration maxInterval, int maxAttempts,
                Duration databaseWait) {
            this(initialInterval, multiplier, maxInterval, maxAttempts, databaseWait, Duration.ZERO);
        }
    }
}
