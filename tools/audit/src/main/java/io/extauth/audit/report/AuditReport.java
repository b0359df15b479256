package io.extauth.audit.report;

import io.extauth.audit.read.ReadHistory;
import io.extauth.audit.read.Unreadable;
import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.rules.AuditResult;
import io.extauth.audit.rules.DeadLetter;
import io.extauth.audit.rules.Step;
import io.extauth.audit.rules.UserHistory;
import io.extauth.audit.rules.Violation;
import io.extauth.audit.rules.ViolationKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The report as data: one shape for the text and the JSON form. */
public record AuditReport(Source source, Summary summary, List<ViolationView> violations,
        @Nullable List<TimelineView> timeline) {

    /** Where and what was read. */
    public record Source(String bootstrapServers, @Nullable Instant from, Instant asOf, List<String> missingTopics,
            List<String> deletedWhileRead) {
    }

    public record Summary(int users, long records, int events, int redelivered, Map<String, Integer> deadLetters,
            int unreadable, List<Unreadable> unreadableRecords, long readMillis, long recordsPerSecond,
            int violations, Map<ViolationKind, Integer> violationsByKind) {
    }

    public record EventView(String topic, int partition, long offset, String id, String type, Instant time) {

        static EventView of(AuditEvent event) {
            return new EventView(event.position().topic(), event.position().partition(), event.position().offset(),
                    event.id(), event.type(), event.time());
        }

        public String position() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    public record ViolationView(ViolationKind kind, String accountId, String userId, String explanation,
            List<EventView> events) {
    }

    /** One account user's whole history, with the lifecycle state after each event. */
    public record TimelineView(String accountId, String userId, List<Entry> events) {

        public record Entry(EventView event, String state, @Nullable String lifecycle, String detail) {
        }
    }

    public static AuditReport of(String bootstrapServers, @Nullable Instant from, ReadHistory read,
            AuditResult result, @Nullable String timelineUser) {
        Map<String, Integer> deadLetters = new TreeMap<>();
        for (DeadLetter letter : read.deadLetters()) {
            deadLetters.merge(letter.position().topic(), 1, Integer::sum);
        }
        Map<ViolationKind, Integer> byKind = new LinkedHashMap<>();
        result.violationsByKind().forEach(byKind::put);
        Summary summary = new Summary(result.users().size(), read.records(), result.events(), result.redelivered(),
                deadLetters, read.unreadable().size(), read.unreadable(), read.elapsed().toMillis(),
                Math.round(read.recordsPerSecond()), result.violations().size(), byKind);
        List<ViolationView> violations = result.violations().stream().map(AuditReport::view).toList();
        List<TimelineView> timeline = timelineUser == null ? null : result.users().stream()
                .filter(user -> user.user().userId().equals(timelineUser)).map(AuditReport::timeline).toList();
        return new AuditReport(new Source(bootstrapServers, from, read.asOf(), read.missingTopics(),
                read.deletedWhileRead()), summary,
                violations, timeline);
    }

    private static ViolationView view(Violation violation) {
        return new ViolationView(violation.kind(), violation.user().accountId(), violation.user().userId(),
                violation.explanation(), violation.events().stream().map(EventView::of).toList());
    }

    private static TimelineView timeline(UserHistory history) {
        List<TimelineView.Entry> entries = new ArrayList<>();
        for (Step step : history.steps()) {
            String lifecycle = null;
            if (step.transition() != null) {
                lifecycle = step.transition().accepted()
                        ? step.transition().trigger() + ": " + step.transition().from() + " -> " + step.stateAfter()
                        : step.transition().trigger() + " refused while " + step.transition().from();
            }
            entries.add(new TimelineView.Entry(EventView.of(step.event()), step.stateAfter().name(), lifecycle,
                    Describe.data(step.event().data())));
        }
        return new TimelineView(history.user().accountId(), history.user().userId(), entries);
    }
}
