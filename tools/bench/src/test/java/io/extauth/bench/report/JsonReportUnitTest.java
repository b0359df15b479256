package io.extauth.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.extauth.bench.stats.Latency;
import io.extauth.bench.system.MemoryPeak;
import io.extauth.bench.system.Startup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportUnitTest {

    @Test
    void theWholeRunIsWrittenAsOneJsonDocumentWithEveryFigure(@TempDir Path dir) throws Exception {
        ScenarioResult orders = new ScenarioResult("orders", "Orders", ScenarioResult.Status.RAN, List.of(
                new Row("at 500/s", 100, 99, 1, 98.5, "workflows/s", new Latency(99, 10, 90, 99, 120, 15),
                        Map.of("produce", 0.01))), List.of("a note"), Map.of("k", 1));
        BenchReport report = new BenchReport(Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:05:00Z"), true, new BenchReport.Machine(2, "Linux", "17"),
                Map.of("orderRate", 500.0), List.of(orders, ScenarioResult.skipped("audit", "Audit", "no jar")),
                new MemoryPeak(42, "java", 800, 810, 40, 96, 900, 12), new Startup(51.4, null, "from the log"));
        Path file = dir.resolve("sub/bench-result.json");

        JsonReport.write(report, file);

        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.path("startedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(json.path("smoke").asBoolean()).isTrue();
        JsonNode row = json.path("scenarios").path(0).path("rows").path(0);
        assertThat(row.path("perSecond").asDouble()).isEqualTo(98.5);
        assertThat(row.path("latency").path("p99Ms").asDouble()).isEqualTo(90);
        assertThat(row.path("latency").path("p999Ms").asDouble()).isEqualTo(99);
        assertThat(row.path("shareOf").path("produce").asDouble()).isEqualTo(0.01);
        assertThat(json.path("scenarios").path(1).path("status").asText()).isEqualTo("SKIPPED");
        assertThat(json.path("memory").path("totalPeakMiB").asDouble()).isEqualTo(900);
        assertThat(json.path("startup").path("readySeconds").asDouble()).isEqualTo(51.4);
    }
}
