package io.extauth.audit.report;

import io.extauth.audit.read.Printable;
import io.extauth.audit.read.Unreadable;
import io.extauth.audit.report.AuditReport.EventView;
import io.extauth.audit.report.AuditReport.TimelineView;
import io.extauth.audit.report.AuditReport.ViolationView;
import io.extauth.audit.rules.ViolationKind;
import java.io.PrintWriter;
import java.util.List;

/**
 * The report for people: a summary table, then each violation with its events, then the asked-for timeline. What
 * comes from a record is shown {@link Printable}: no producer writes into the operator's terminal.
 */
public final class TextReport {

    static final int UNREADABLE_SHOWN = 20;

    private TextReport() {
    }

    public static void write(AuditReport report, PrintWriter out) {
        AuditReport.Source source = report.source();
        AuditReport.Summary summary = report.summary();
        out.printf("extauth audit of %s, %s, as of %s%n", source.bootstrapServers(),
                source.from() == null ? "from the beginning" : "from " + source.from(), source.asOf());
        if (!source.missingTopics().isEmpty()) {
            out.println("topics not found (nothing to read): " + String.join(", ", source.missingTopics()));
        }
        if (!source.deletedWhileRead().isEmpty()) {
            out.println("records deleted by the broker before they were read (not audited): "
                    + String.join(", ", source.deletedWhileRead()));
        }
        out.println();
        row(out, "users", summary.users());
        row(out, "records read", summary.records());
        out.printf("  %-34s %,d ms (%,d records/s)%n", "read time", summary.readMillis(), summary.recordsPerSecond());
        row(out, "events", summary.events());
        row(out, "redelivered (same id, same event)", summary.redelivered());
        summary.deadLetters().forEach((topic, count) -> row(out, "dead letters on " + topic, count));
        row(out, "unreadable records", summary.unreadable());
        row(out, "violations", summary.violations());
        for (ViolationKind kind : ViolationKind.values()) {
            row(out, "  " + kind, summary.violationsByKind().getOrDefault(kind, 0));
        }
        if (summary.unreadable() > 0) {
            out.println();
            out.println("Unreadable records (reported, not audited):");
            List<Unreadable> shown = summary.unreadableRecords().stream().limit(UNREADABLE_SHOWN).toList();
            shown.forEach(bad -> out.printf("  %s  %s%n", bad.position(), bad.reason()));
            if (summary.unreadable() > shown.size()) {
                out.printf("  ... and %,d more (--format json lists all)%n", summary.unreadable() - shown.size());
            }
        }
        if (!report.violations().isEmpty()) {
            out.println();
            out.println("Violations:");
            int n = 1;
            for (ViolationView violation : report.violations()) {
                out.printf("%d. %s  account %s user %s%n   %s%n", n++, violation.kind(),
                        Printable.of(violation.accountId()), Printable.of(violation.userId()),
                        Printable.of(violation.explanation()));
                violation.events().forEach(event -> out.println("     " + event(event)));
            }
        }
        if (report.timeline() != null) {
            out.println();
            if (report.timeline().isEmpty()) {
                out.println("No events of that user.");
            }
            for (TimelineView user : report.timeline()) {
                out.printf("Timeline of account %s user %s:%n", Printable.of(user.accountId()),
                        Printable.of(user.userId()));
                for (TimelineView.Entry entry : user.events()) {
                    out.printf("  %s  %-12s %s%n", event(entry.event()), Printable.of(entry.state()),
                            Printable.of(entry.detail()));
                    if (entry.lifecycle() != null) {
                        out.printf("  %44s %s%n", "", Printable.of(entry.lifecycle()));
                    }
                }
            }
        }
        out.println();
        out.println(summary.violations() == 0 ? "CLEAN: no violations" : "VIOLATIONS: " + summary.violations());
        out.flush();
    }

    private static String event(EventView event) {
        return String.format("%s  %-18s %-26s id %s", event.time(), Printable.of(event.type()),
                event.position(), Printable.of(event.id()));
    }

    private static void row(PrintWriter out, String label, long value) {
        out.printf("  %-34s %,d%n", label, value);
    }
}
