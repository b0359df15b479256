package io.extauth.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChaosCommandUnitTest {

    @Test
    void versionSaysTheProjectsVersion() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = ChaosCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));

        assertThat(commandLine.execute("--version")).isZero();
        assertThat(out.toString().strip()).matches("extauth \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void aPlainRunHasEveryFaultOfTheListInItsOrder() {
        CommandLine plain = ChaosCommand.commandLine();
        plain.parseArgs("--cluster", "/tmp/some-home");

        assertThat(((ChaosCommand) plain.getCommand()).faults).isEqualTo(io.extauth.chaos.fault.Fault.ALL);
    }

    @Test
    void aSkewedInstanceStartsOnTheClockSourceItsRowNamesNotOneItWouldInheritOrTheClusterKept() {
        CommandLine unset = ChaosCommand.commandLine();
        unset.parseArgs("--cluster", "/tmp/some-home");
        CommandLine host = ChaosCommand.commandLine();
        host.parseArgs("--cluster", "/tmp/some-home", "--skewed-clock-source", "host");

        // set explicitly: the cluster command's own environment outranks a kept EXTAUTH_CLOCK_SOURCE=host
        assertThat(((ChaosCommand) unset.getCommand()).skewedEnvironment())
                .containsExactly(java.util.Map.entry("EXTAUTH_CLOCK_SOURCE", "database"));
        assertThat(((ChaosCommand) host.getCommand()).skewedEnvironment())
                .containsExactly(java.util.Map.entry("EXTAUTH_CLOCK_SOURCE", "host"));
    }
}
