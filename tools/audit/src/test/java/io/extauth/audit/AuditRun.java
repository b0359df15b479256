package io.extauth.audit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The command run in-process, as {@code java -jar} would run it, with its output captured. */
record AuditRun(int exitCode, String out, String err) {

    static AuditRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = AuditCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new AuditRun(exitCode, out.toString(), err.toString());
    }

    static AuditRun json(String bootstrapServers, String... more) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers, "--format", "json",
                "--no-progress"));
        args.addAll(List.of(more));
        return of(args.toArray(String[]::new));
    }

    JsonNode report() {
        try {
            return new ObjectMapper().readTree(out);
        } catch (Exception e) {
            throw new AssertionError("not a JSON report: " + out + err, e);
        }
    }
}
