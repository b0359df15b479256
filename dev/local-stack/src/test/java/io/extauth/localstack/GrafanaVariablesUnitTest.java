package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrafanaVariablesUnitTest {

    @Test
    void theRateIntervalIsFourScrapesAndTheIntervalOneScrape() {
        assertThat(GrafanaVariables.substitute("rate(x[$__rate_interval]) + y[${__interval}]", Duration.ofSeconds(15)))
                .isEqualTo("rate(x[60s]) + y[15s]");
        assertThat(GrafanaVariables.substitute("increase(x[${__rate_interval}])", Duration.ofMillis(500)))
                .isEqualTo("increase(x[2s])");
    }
}
