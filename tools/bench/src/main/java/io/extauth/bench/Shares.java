package io.extauth.bench;

import io.extauth.bench.report.Row;
import io.extauth.bench.report.ScenarioResult;
import io.extauth.bench.scenario.AuditScenario;
import io.extauth.bench.scenario.BaselineScenario;
import io.extauth.bench.scenario.LoginsScenario;
import io.extauth.bench.scenario.OrdersScenario;
import io.extauth.bench.stats.Rate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each figure as a share of the same run's baseline: workflows and decisions against the broker's raw produce rate and
 * the database's single-row insert rate from four connections (every step of a workflow is a produced record and a
 * few committed rows); the audit against the broker's raw consume rate.
 */
final class Shares {

    static final String PRODUCE = "produce";
    static final String INSERT = "INSERT x4";
    static final String CONSUME = "consume";

    private Shares() {
    }

    static List<ScenarioResult> apply(List<ScenarioResult> results) {
        ScenarioResult baseline = results.stream().filter(r -> r.scenario().equals(BaselineScenario.NAME)
                && r.status() == ScenarioResult.Status.RAN).findFirst().orElse(null);
        if (baseline == null) {
            return results;
        }
        double produce = baseline.rateOf(BaselineScenario.PRODUCE);
        double consume = baseline.rateOf(BaselineScenario.CONSUME);
        double insert = baseline.rateOf(BaselineScenario.INSERT_4);
        List<ScenarioResult> compared = new ArrayList<>();
        for (ScenarioResult result : results) {
            List<Row> rows = new ArrayList<>();
            for (Row row : result.rows()) {
                Map<String, Double> shares = new LinkedHashMap<>(row.shareOf());
                boolean endToEnd = (result.scenario().equals(OrdersScenario.NAME)
                        || result.scenario().equals(LoginsScenario.NAME))
                        && (row.unit().equals("workflows/s") || row.unit().equals("decisions/s"));
                if (endToEnd) {
                    put(shares, PRODUCE, Rate.share(row.perSecond(), produce));
                    put(shares, INSERT, Rate.share(row.perSecond(), insert));
                }
                if (result.scenario().equals(AuditScenario.NAME) && !row.label().startsWith("raw")) {
                    put(shares, "stack " + CONSUME, Rate.share(row.perSecond(), consume));
                }
                rows.add(row.withShares(shares));
            }
            compared.add(new ScenarioResult(result.scenario(), result.title(), result.status(), rows, result.notes(),
                    result.details()));
        }
        return compared;
    }

    private static void put(Map<String, Double> shares, String name, Double share) {
        if (share != null) {
            shares.put(name, share);
        }
    }
}
