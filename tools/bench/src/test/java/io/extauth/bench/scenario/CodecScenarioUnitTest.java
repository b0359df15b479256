package io.extauth.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.bench.report.Row;
import io.extauth.bench.report.ScenarioResult;
import io.extauth.contract.EventTypes;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecScenarioUnitTest {

    @Test
    void aFewRecordsOfEveryTypeGoThroughTheKitsReadPathAndAreCostedPerRecord() {
        ScenarioResult result = new CodecScenario(3, 1, new PrintStream(OutputStream.nullOutputStream())).run();

        assertThat(result.status()).isEqualTo(ScenarioResult.Status.RAN);
        assertThat(result.rows().stream().map(Row::label).toList()).first().isEqualTo(CodecScenario.ALL_TYPES);
        assertThat(result.rows().stream().skip(1).limit(EventTypes.names().size()).map(Row::label).toList())
                .containsExactlyElementsOf(EventTypes.names());
        assertThat(result.rows().stream().skip(1 + EventTypes.names().size()).map(Row::label).toList())
                .containsExactlyElementsOf(CodecScenario.WRITE_AND_READ);
        assertThat(result.rows().get(0).completed()).isEqualTo(3L * EventTypes.names().size());
        assertThat(result.rows()).allSatisfy(row -> assertThat(row.perSecond()).isPositive());
        assertThat(result.details().get(CodecScenario.ALL_TYPES)).isInstanceOfSatisfying(Map.class,
                costs -> assertThat((Double) costs.get("bytesPerRecord")).isPositive());
    }
}
