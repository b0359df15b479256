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
}
