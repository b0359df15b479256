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
 * dead letters.
 * <p>
 * A topic keeps a record until its segment's newest timestamp is {@code retention.ms} old, and a segment takes records
 * for up to {@code segment.ms}; a timestamp may be ahead of the broker's clock by up to
 * {@code message.timestamp.after.max.ms} (a producer's, e.g. a billing system's; none when the topic stamps
 * {@code LogAppendTime}). So a topic keeps a record at most their sum ({@code T}) after it was written. A topic's
 * dead letters are shared by every service that reads it: another service may read the event as late as {@code T}
 * after this one handled it and dead-letter it then; the dead letter is kept up to {@code D} (the same sum for the
 * dead-letter topic), and a copy replayed at its end is kept {@code T} again. So an event handled at {@code h} can
 * come again until {@code h + 2T + D}, or {@code h + T} where no dead-letter topic exists; the margin covers the
 * broker's retention check and the clocks of the instances that wrote {@code h}.
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

    /**
     * Twice the longest a topic keeps a record plus the longest a dead-letter topic keeps one (once, when there are
     * no dead-letter topics), plus {@code margin}.
     */
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
        long keepMs = saturatedAdd(deadLetters == 0 ? events
                : saturatedAdd(saturatedAdd(events, events), deadLetters), margin.toMillis());
        if (keepMs >= FOR_EVER.toMillis()) {
            return new Horizon(Optional.empty(), "the topics keep records " + text(Duration.ofMillis(keepMs))
                    + " or longer: for ever");
        }
        return new Horizon(Optional.of(Duration.ofMillis(keepMs)), "topic " + longestEvents + " keeps a record at most "
                + text(Duration.ofMillis(events)) + (deadLetters == 0 ? "" : " (twice: a late reader's dead letter, "
                        + "then its replayed copy), dead-letter topic " + longestDeadLetters + " a dead letter at most "
                        + text(Duration.ofMillis(deadLetters)))
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
