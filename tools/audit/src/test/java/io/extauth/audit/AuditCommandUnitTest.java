package io.extauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class AuditCommandUnitTest {

    @Command(name = "audit")
    static final class OutOfMemory implements Callable<Integer> {

        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void anAuditThatRunsOutOfMemoryExitsWithTheErrorCodeNotTheViolationsOne() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new OutOfMemory());
        commandLine.setErr(new PrintWriter(err));

        int code = AuditCommand.exitCode(commandLine);

        assertThat(code).isEqualTo(AuditCommand.ERROR).isNotEqualTo(AuditCommand.VIOLATIONS);
        assertThat(err.toString()).startsWith("audit: java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void theStrikeSettingsAreOptionsWithTheServicesDefaultsNamedInTheHelp() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = AuditCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));

        assertThat(AuditCommand.exitCode(commandLine, "--help")).isZero();

        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--max-failures=N").contains("extauth.lockout.max-failures (default: 5,")
                .contains("--counter-reset-window=DURATION").contains("extauth.lockout.counter-reset-window")
                .contains("(default: 0s,");
    }

    @Test
    void strikeSettingsTheServiceWouldRefuseAreAUsageErrorBeforeAnythingIsRead() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = AuditCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));

        int code = AuditCommand.exitCode(commandLine, "--bootstrap-servers", "127.0.0.1:1", "--timeout", "60s",
                "--max-failures", "0");

        assertThat(code).isEqualTo(AuditCommand.ERROR);
        assertThat(err.toString()).contains("max-failures must be at least 1, was 0");
        err.getBuffer().setLength(0);
        assertThat(AuditCommand.exitCode(commandLine, "--counter-reset-window", "30x")).isEqualTo(AuditCommand.ERROR);
        assertThat(err.toString()).contains("'30x' is not a duration");
    }
}
