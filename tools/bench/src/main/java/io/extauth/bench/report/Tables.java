package io.extauth.bench.report;

import io.extauth.bench.stats.Latency;
import io.extauth.bench.system.MemoryPeak;
import io.extauth.bench.system.Startup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Plain-text tables, one per scenario, aligned for a terminal and for a Markdown code block. */
public final class Tables {

    private static final String[] HEADER = {"run", "sent", "done", "failed", "rate", "unit", "p50 ms", "p99 ms",
        "p99.9 ms", "max ms", "share of baseline"};

    private Tables() {
    }

    public static String scenario(ScenarioResult result) {
        StringBuilder out = new StringBuilder();
        out.append(result.title());
        if (result.status() != ScenarioResult.Status.RAN) {
            out.append("  [").append(result.status()).append(']');
        }
        out.append('\n');
        if (!result.rows().isEmpty()) {
            List<String[]> lines = new ArrayList<>();
            lines.add(HEADER);
            for (Row row : result.rows()) {
                lines.add(cells(row));
            }
            out.append(align(lines));
        }
        for (String note : result.notes()) {
            out.append("  - ").append(note).append('\n');
        }
        return out.toString();
    }

    public static String memory(MemoryPeak memory) {
        return String.format(Locale.ROOT, "Stack memory (peak resident during the run)%n"
                        + "  JVM %s (pid %d): peak RSS %.0f MiB sampled, VmHWM %.0f MiB since its start%n"
                        + "  PostgreSQL (%d processes, PSS): peak %.0f MiB%n"
                        + "  together: peak %.0f MiB  (%d samples)%n",
                memory.jvmCommand(), memory.jvmPid(), memory.jvmPeakRssMiB(), memory.jvmHighWaterMiB(),
                memory.postgresProcesses(), memory.postgresPeakMiB(), memory.totalPeakMiB(), memory.samples());
    }

    public static String startup(Startup startup) {
        return String.format(Locale.ROOT, "Startup of ./extauth up%n  %s%n", startup.describe());
    }

    static String[] cells(Row row) {
        Latency latency = row.latency();
        boolean timed = latency != null && latency.count() > 0;
        return new String[] {row.label(), count(row.attempted()), count(row.completed()), count(row.failed()),
            number(row.perSecond()), row.unit(),
            timed ? ms(latency.p50Ms()) : "-", timed ? ms(latency.p99Ms()) : "-",
            timed ? ms(latency.p999Ms()) : "-", timed ? ms(latency.maxMs()) : "-", shares(row.shareOf())};
    }

    static String shares(Map<String, Double> shares) {
        if (shares.isEmpty()) {
            return "-";
        }
        return shares.entrySet().stream()
                .map(share -> percent(share.getValue()) + " of " + share.getKey())
                .collect(Collectors.joining(", "));
    }

    static String percent(double share) {
        double percent = share * 100;
        return percent >= 10 ? String.format(Locale.ROOT, "%.0f%%", percent)
                : String.format(Locale.ROOT, "%.1f%%", percent);
    }

    static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ms(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Left-aligned first and last columns (text), right-aligned numbers between them. */
    static String align(List<String[]> lines) {
        int columns = lines.get(0).length;
        int[] widths = new int[columns];
        for (String[] line : lines) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                boolean left = c == 0 || c == 5 || c == columns - 1;
                String format = "%" + (left ? "-" : "") + widths[c] + "s";
                text.append(String.format(Locale.ROOT, format, line[c]));
                if (c < columns - 1) {
                    text.append("  ");
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
