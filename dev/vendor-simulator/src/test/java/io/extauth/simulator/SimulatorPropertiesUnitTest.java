package io.extauth.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SimulatorPropertiesUnitTest {

    private final ApplicationContextRunner simulator = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withPropertyValues("simulator.vip.seed=seed", "simulator.callback-timeout=5s");

    @EnableConfigurationProperties(SimulatorProperties.class)
    static class Settings {
    }

    @Test
    void withoutACallbackSecretTheSimulatorDoesNotStartAndNamesTheSetting() {
        simulator.run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("simulator.callback-secret"));
    }

    @Test
    void theOldPublishedSecretAndAShortOneAreRefused() {
        simulator.withPropertyValues("simulator.callback-secret=dev-callback-secret").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("simulator.callback-secret"));
        assertThatIllegalStateException().isThrownBy(() -> new SimulatorProperties(new SimulatorProperties.Vip("s"),
                "x".repeat(31), Duration.ofSeconds(5), null)).withMessageContaining("at least 32 bytes");
    }

    @Test
    void aRandomSecretOf32BytesIsTaken() {
        simulator.withPropertyValues("simulator.callback-secret=" + "k".repeat(32)).run(context ->
                assertThat(context).hasNotFailed().getBean(SimulatorProperties.class)
                        .extracting(SimulatorProperties::callbackSecret).isEqualTo("k".repeat(32)));
    }
}
