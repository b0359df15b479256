package io.extauth.audit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationsUnitTest {

    private final Durations durations = new Durations();

    @Test
    void aDurationIsANumberWithAUnitIsoOrPlainSeconds() {
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(durations.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(durations.convert("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(durations.convert("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(durations.convert("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(durations.convert("pt1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(durations.convert("7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatWork() {
        for (String wrong : new String[] {"3x", "s", "-3s", "3 s", "PTxS", ""}) {
            assertThatThrownBy(() -> durations.convert(wrong)).as(wrong)
                    .isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("30s, 5m");
        }
    }
}
