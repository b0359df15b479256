package io.extauth.audit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.AuditCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExtauthVersionUnitTest {

    @Test
    void theAuditsVersionIsTheProjectsAsMavenWroteIt() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = AuditCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));

        assertThat(commandLine.execute("--version")).isZero();
        assertThat(out.toString().strip()).matches("extauth \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
