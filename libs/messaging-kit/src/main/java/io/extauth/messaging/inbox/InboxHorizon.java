package io.extauth.messaging.inbox;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * How long an inbox row must be kept: as long as the event it stands for can still be delivered to the consumer again.
 * An event can come again only while its record is on its topic (a redelivery after a crash or a rebalance, a
 * consumer group whose committed offsets the broker forgot after it stayed empty longer than
 * {@code offsets.retention.minutes} and so starts again at the beginning). A record stays at most the topic's
 * {@code retention.ms} after its timestamp, plus up to {@code segment.ms} while its segment is still the active one,
 * plus the broker's check interval; the margin covers that check and producers' clocks (brokers refuse timestamps
 * more than an hour ahead since Kafka 4).
 */
public final class InboxHorizon {

    /** What a topic's configuration says about how long it keeps a record. */
    public record TopicKeeping(String topic, long retentionMs, long segmentMs, boolean compacted) {
    }

    /**
     * The horizon: rows handled longer ago than {@code keep} can go; empty {@code keep} when none may (a topic keeps
     * records forever or compacts them, or no topic was found), with why.
     */
    public record Horizon(Optional<Duration> keep, String why) {
    }

    private InboxHorizon() {
    }

    /** The longest any of the topics keeps a record, plus {@code margin}. */
    public static Horizon of(Collection<TopicKeeping> topics, Duration margin) {
        if (topics.isEmpty()) {
            return new Horizon(Optional.empty(), "no topic of the contract was found on the cluster");
        }
        long longestMs = 0;
        String longest = "";
        for (TopicKeeping topic : topics) {
            if (topic.compacted()) {
                return new Horizon(Optional.empty(), "topic " + topic.topic()
                        + " is compacted: it may keep an old record for ever");
            }
            if (topic.retentionMs() < 0) {
                return new Horizon(Optional.empty(), "topic " + topic.topic() + " keeps its records for ever "
                        + "(retention.ms " + topic.retentionMs() + ")");
            }
            long keeps = saturatedAdd(topic.retentionMs(), Math.max(0, topic.segmentMs()));
            if (keeps > longestMs) {
                longestMs = keeps;
                longest = topic.topic();
            }
        }
        Duration keep = Duration.ofMillis(saturatedAdd(longestMs, margin.toMillis()));
        return new Horizon(Optional.of(keep), "topic " + longest + " keeps a record at most "
                + Duration.ofMillis(longestMs) + " (retention.ms + segment.ms), plus a margin of " + margin);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
