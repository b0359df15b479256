package io.extauth.localstack.cluster;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** The status table: one row per process with its pid, state and address, in start order. */
public final class StatusTable {

    /** One process as the table shows it; pid is null when it is not running, memoryMib 0 (PSS, see Footprint). */
    public record Row(String name, @Nullable Long pid, Supervisor.State state, long memoryMib, String address) {
    }

    private StatusTable() {
    }

    public static String render(List<Row> rows) {
        StringBuilder table = new StringBuilder(String.format("  %-24s %-8s %-9s %8s  %s%n", "NAME", "PID", "STATE", "MEMORY",
                "ADDRESS"));
        long total = 0;
        for (Row row : rows) {
            table.append(String.format("  %-24s %-8s %-9s %8s  %s%n", row.name(), row.pid() == null ? "-" : row.pid(),
                    row.state().name().toLowerCase(Locale.ROOT), row.pid() == null ? "-" : row.memoryMib() + " MiB",
                    row.address()));
            total += row.memoryMib();
        }
        long running = rows.stream().filter(row -> row.pid() != null).count();
        table.append(String.format("  %d of %d running, %d MiB in all (proportional set size)%n", running, rows.size(), total));
        return table.toString();
    }
}
