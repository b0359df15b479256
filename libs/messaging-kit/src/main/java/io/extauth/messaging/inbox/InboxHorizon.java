package io.extauth.messaging.inbox;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * How long an inbox row must be kept: as long as the event it stands for can still be delivered to the consumer again.
 * An event comes again from a record on its topic: the one it came in (a redelivery after a crash or a rebalance, a
 * consumer group whose committed offsets the broker forgot after it stayed empty past
 * {@code offsets.retention.minutes} and that starts again at the beginning), or a copy an operator replays from the
 * dead letters, written to the topic as late as the dead letter is kept.
 * <p>
 * A topic keeps a record until its segment's newest timestamp is {@code retention.ms} old, and a segment takes records
 * for up to {@code segment.ms}; a timestamp may be ahead of the broker's clock by up to
 * {@code message.timestamp.after.max.ms} (a producer's, e.g. a billing system's; none when the topic stamps
 * {@code LogAppendTime}). So a topic keeps a record at most their sum after it was written. An event handled at
 * {@code h} can come again until {@code h} + the longest a dead-letter topic keeps a record + the longest a topic keeps
 * one, and the margin covers the broker's retention check and the clocks of the instances that wrote {@code h}.
 */
public final class InboxHorizon {

    /**
     * What a topic's configuration says about how long it keeps a record.
     *
     * @param aheadMs how far ahead of the broker's clock a record's timestamp may be; {@link Long#MAX_VALUE}: no bound
     */
    public record TopicKeeping(String topic, boolean deadLetters, long retentionMs, long segmentMs, long aheadMs,
            boolean compacted) {
    }

    /**
     * The horizon: rows handled longer ago than {@code keep} can go; empty {@code keep} when none may (a topic keeps
     * records for ever, compacts them or takes timestamps any time ahead, or no topic was found), with why.
     */
    public record Horizon(Optional<Duration> keep, String why) {
    }

    /** A horizon this long or longer is for ever: no row was handled that long ago. */
    static final Duration FOR_EVER = Duration.ofDays(100 * 365);

    private InboxHorizon() {
    }

    /** The longest a dead-letter topic keeps a record, plus the longest a topic keeps one, plus {@code margin}. */
    public static Horizon of(Collection<TopicKeeping> topics, Duration margin) {
        if (topics.stream().noneMatch(topic -> !topic.deadLetters())) {
            return new Horizon(Optional.empty(), "no topic of the contract was found on the cluster");
        }
        long events = 0;
        long deadLetters = 0;
        String longestEvents = "";
        String longestDeadLetters = "";
        for (TopicKeeping topic : topics) {
            if (topic.compacted()) {
                return new Horizon(Optional.empty(), "topic " + topic.topic()
                        + " is compacted: it may keep an old record for ever");
            }
            if (topic.retentionMs() < 0) {
                return new Horizon(Optional.empty(), "topic " + topic.topic() + " keeps its records for ever "
                        + "(retention.ms " + topic.retentionMs() + ")");
            }
            if (topic.aheadMs() == Long.MAX_VALUE) {
                return new Horizon(Optional.empty(), "topic " + topic.topic() + " takes timestamps any time ahead "
                        + "(message.timestamp.after.max.ms unbounded): a record may stay for ever");
            }
            long keeps = saturatedAdd(saturatedAdd(topic.retentionMs(), Math.max(0, topic.segmentMs())),
                    Math.max(0, topic.aheadMs()));
            if (topic.deadLetters() && keeps > deadLetters) {
                deadLetters = keeps;
                longestDeadLetters = topic.topic();
            } else if (!topic.deadLetters() && keeps > events) {
                events = keeps;
                longestEvents = topic.topic();
            }
        }
        long keepMs = saturatedAdd(saturatedAdd(events, deadLetters), margin.toMillis());
        if (keepMs >= FOR_EVER.toMillis()) {
            return new Horizon(Optional.empty(), "the topics keep records " + text(Duration.ofMillis(keepMs))
                    + " or longer: for ever");
        }
        return new Horizon(Optional.of(Duration.ofMillis(keepMs)), "topic " + longestEvents + " keeps a record at most "
                + text(Duration.ofMillis(events)) + (deadLetters == 0 ? "" : ", dead-letter topic " + longestDeadLetters
                        + " its copy at most " + text(Duration.ofMillis(deadLetters)))
                + " (retention.ms + segment.ms + message.timestamp.after.max.ms), plus a margin of " + text(margin));
    }

    /** {@code 14 days 1 h}, {@code 1 day}: what an operator reads in the log. */
    static String text(Duration duration) {
        long days = duration.toDays();
        Duration rest = duration.minusDays(days);
        String daysText = days == 0 ? "" : days + (days == 1 ? " day" : " days");
        if (rest.isZero()) {
            return daysText.isEmpty() ? "0 s" : daysText;
        }
        String restText = rest.toString().substring(2).toLowerCase(Locale.ROOT).replaceAll("([hms])", " $1 ")
                .trim().replaceAll("\\s+", " ");
        return daysText.isEmpty() ? restText : daysText + " " + restText;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
