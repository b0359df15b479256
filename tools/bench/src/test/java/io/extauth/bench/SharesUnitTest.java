package io.extauth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.bench.report.Row;
import io.extauth.bench.report.ScenarioResult;
import io.extauth.bench.scenario.BaselineScenario;
import io.extauth.bench.stats.Latency;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharesUnitTest {

    private static final ScenarioResult BASELINE = new ScenarioResult("baseline", "Baseline",
            ScenarioResult.Status.RAN, List.of(Row.rate(BaselineScenario.PRODUCE, 1, 10_000, "records/s"),
                    Row.rate(BaselineScenario.CONSUME, 1, 100_000, "records/s"),
                    Row.rate(BaselineScenario.INSERT_4, 1, 4_000, "inserts/s")), List.of(), Map.of());

    @Test
    void workflowsAreComparedWithProduceAndInsertAndTheAuditWithConsume() {
        ScenarioResult orders = new ScenarioResult("orders", "Orders", ScenarioResult.Status.RAN,
                List.of(new Row("at 500/s", 1, 1, 0, 400, "workflows/s", Latency.NONE, Map.of())), List.of(),
                Map.of());
        ScenarioResult audit = new ScenarioResult("audit", "Audit", ScenarioResult.Status.RAN,
                List.of(Row.rate("audit", 1, 50_000, "events/s"), Row.rate("raw consume", 1, 1, "records/s")),
                List.of(), Map.of());

        List<ScenarioResult> compared = Shares.apply(List.of(BASELINE, orders, audit));

        assertThat(compared.get(1).rows().get(0).shareOf()).containsEntry("produce", 0.04)
                .containsEntry("INSERT x4", 0.1);
        assertThat(compared.get(2).rows().get(0).shareOf()).containsEntry("stack consume", 0.5);
        assertThat(compared.get(2).rows().get(1).shareOf()).isEmpty();
    }

    @Test
    void withoutABaselineNothingIsCompared() {
        ScenarioResult orders = new ScenarioResult("orders", "Orders", ScenarioResult.Status.RAN,
                List.of(new Row("x", 1, 1, 0, 400, "workflows/s", Latency.NONE, Map.of())), List.of(), Map.of());

        assertThat(Shares.apply(List.of(orders)).get(0).rows().get(0).shareOf()).isEmpty();
    }

    @Test
    void durationsAreReadAsTheyAreWritten() {
        io.extauth.audit.cli.Durations durations = new io.extauth.audit.cli.Durations();

        assertThat(durations.convert("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(durations.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThat(durations.convert("7")).isEqualTo(Duration.ofSeconds(7));
    }
}
