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
}
