package io.extauth.audit.read;

import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.rules.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything read from the topics up to the end offsets captured at the start ({@code asOf}): the events, the dead
 * letters, the records that are not events, the topics that do not exist, and the records the broker deleted
 * (retention) before they were read, each range as {@code topic-partition offsets from-to}.
 */
public record ReadHistory(List<AuditEvent> events, List<DeadLetter> deadLetters, List<Unreadable> unreadable,
        long records, Duration elapsed, Instant asOf, List<String> missingTopics, List<String> deletedWhileRead) {

    public double recordsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : records / seconds;
    }
}
