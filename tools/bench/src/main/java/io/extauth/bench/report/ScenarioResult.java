package io.extauth.bench.report;

import io.extauth.bench.system.CpuMeter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One scenario's outcome: its rows, notes for the reader (what limits the figure, why it was skipped) and details. */
public record ScenarioResult(String scenario, String title, Status status, List<Row> rows, List<String> notes,
        Map<String, Object> details) {

    public enum Status { RAN, SKIPPED, FAILED }

    public static ScenarioResult skipped(String scenario, String title, String why) {
        return new ScenarioResult(scenario, title, Status.SKIPPED, List.of(), List.of("skipped: " + why), Map.of());
    }

    public static ScenarioResult failed(String scenario, String title, Throwable why) {
        return new ScenarioResult(scenario, title, Status.FAILED, List.of(), List.of("failed: " + why), Map.of());
    }

    /**
     * The same, with where the machine's CPU went while it ran, and how much of extauth's own per unit its threads use
     * at rest ({@code atRest}: the stack measured with no work just before the window; null when its threads were not
     * sampled), as notes and details.
     */
    public ScenarioResult withCpu(CpuMeter.Usage cpu, CpuMeter.@Nullable Usage atRest) {
        List<String> moreNotes = new ArrayList<>(notes);
        long completed = rows.stream().filter(row -> row.unit().equals("workflows/s")
                || row.unit().equals("decisions/s")).mapToLong(Row::completed).sum();
        String unit = scenario.equals("orders") ? "workflow" : "decision";
        moreNotes.add(cpu.describe() + (completed == 0 ? "" : String.format(java.util.Locale.ROOT,
                "; stack CPU per completed %s: %.1f ms", unit,
                (cpu.stackJvmCores() + cpu.postgresCores()) * cpu.seconds() * 1000 / completed)));
        Map<String, Object> moreDetails = new LinkedHashMap<>(details);
        moreDetails.put("cpu", cpu);
        if (completed > 0 && !cpu.groupCores().isEmpty()) {
            CpuPerUnit perUnit = CpuPerUnit.of(cpu, completed, atRest);
            moreNotes.add(perUnit.describe(unit));
            if (atRest != null) {
                perUnit.describeAtRest(unit, atRest).ifPresent(moreNotes::add);
                moreDetails.put("cpuAtRest", atRest);
            }
            if (!perUnit.extauthByFamilyMs().isEmpty()) {
                moreNotes.add(perUnit.describeFamilies(unit));
            }
            moreDetails.put("cpuPerUnitMs", perUnit);
        }
        return new ScenarioResult(scenario, title, status, rows, moreNotes, moreDetails);
    }

    /** The first row's rate, for other scenarios to compare with; 0 when none ran. */
    public double rateOf(String label) {
        return rows.stream().filter(row -> row.label().equals(label)).mapToDouble(Row::perSecond).findFirst().orElse(0);
    }
}
