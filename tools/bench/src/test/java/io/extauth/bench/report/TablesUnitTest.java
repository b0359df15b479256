package io.extauth.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.bench.stats.Latency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablesUnitTest {

    private static final Latency LATENCY = new Latency(9_990, 12.3456, 250, 1234.5, 2000, 20);

    @Test
    void aScenarioTableHasAHeaderOneAlignedLinePerRowAndItsNotes() {
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put("produce", 0.0123);
        shares.put("INSERT x4", 0.25);
        ScenarioResult result = new ScenarioResult("orders", "Orders", ScenarioResult.Status.RAN, List.of(
                new Row("at 500/s", 10_000, 9_990, 10, 499.5, "workflows/s", LATENCY, shares),
                Row.rate("raw", 3, 42.25, "records/s")), List.of("limited by the relay"), Map.of());

        String table = Tables.scenario(result);

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Orders");
        assertThat(lines.get(1)).contains("run", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "share of baseline");
        assertThat(lines.get(2)).contains("at 500/s", "10,000", "9,990", "500", "workflows/s", "12.3", "250",
                "1,235", "2,000", "1.2% of produce, 25% of INSERT x4");
        assertThat(lines.get(3)).contains("raw", "42.3", "records/s").endsWith("-");
        assertThat(lines.get(4)).isEqualTo("  - limited by the relay");
        assertThat(lines.get(1).indexOf("unit")).isEqualTo(lines.get(2).indexOf("workflows/s"));
    }

    @Test
    void aSkippedScenarioSaysSoAndWhy() {
        String table = Tables.scenario(ScenarioResult.skipped("audit", "Audit", "no audit jar"));

        assertThat(table).isEqualTo("Audit  [SKIPPED]\n  - skipped: no audit jar\n");
    }

    @Test
    void percentagesKeepOneDecimalBelowTenPercent() {
        assertThat(Tables.percent(0.0042)).isEqualTo("0.4%");
        assertThat(Tables.percent(0.5)).isEqualTo("50%");
    }
}
