package io.extauth.chaos.report;

import java.util.List;
import java.util.Locale;

/** The result as a plain-text table, one row per fault, then a total line. */
public final class Table {

    private static final String FORMAT = "%-40s %7s %10s %5s %7s %6s %8s %5s %10s%n";

    private Table() {
    }

    public static String render(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, FORMAT, "fault", "orders", "challenges", "lost", "doubled", "resent", "unearned",
                "audit", "recovery s"));
        long orders = 0;
        long challenges = 0;
        long lost = 0;
        long doubled = 0;
        long resent = 0;
        long unearned = 0;
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, FORMAT, row.fault(), row.orders(), row.challenges(), row.lost(),
                    row.doubled(), row.resent(), row.unearnedStrikes(), row.audit() == 0 ? "ok" : "exit " + row.audit(),
                    row.recoverySeconds() < 0 ? "not quiet" : String.format(Locale.ROOT, "%.1f", row.recoverySeconds())));
            orders += row.orders();
            challenges += row.challenges();
            lost += row.lost();
            doubled += row.doubled();
            resent += row.resent();
            unearned += row.unearnedStrikes();
        }
        out.append(String.format(Locale.ROOT, FORMAT, "total", orders, challenges, lost, doubled, resent, unearned,
                rows.stream().allMatch(r -> r.audit() == 0) ? "ok" : "FAILED", ""));
        return out.toString();
    }
}
