package io.extauth.audit;

import io.extauth.audit.cli.Durations;
import io.extauth.audit.cli.ExtauthVersion;
import io.extauth.audit.read.BrokerUnreachableException;
import io.extauth.audit.read.Progress;
import io.extauth.audit.read.ReadHistory;
import io.extauth.audit.read.TopicReader;
import io.extauth.audit.report.AuditReport;
import io.extauth.audit.report.JsonReport;
import io.extauth.audit.report.TextReport;
import io.extauth.audit.rules.AuditResult;
import io.extauth.audit.rules.Auditor;
import io.extauth.audit.rules.StrikeSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit}: replays the contract's topics and reports every broken guarantee. Exit 0 clean, 1 violations, 2 error. */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = ExtauthVersion.class, sortOptions = false, usageHelpAutoWidth = true,
        header = "Replay the topics and report every broken guarantee.",
        description = {
            "Replays the extauth topics read-only (no consumer group, nothing committed), rebuilds each account user's",
            "lifecycle and checks activations, provisioning e-mails, duplicate event ids, lockouts, challenges and",
            "order intake. Tell it the strike settings challenge-service runs with (--max-failures,",
            "--counter-reset-window) when they are not the service's defaults.",
            "Exit codes: 0 clean, 1 violations found, 2 usage or connection error."})
public final class AuditCommand implements Callable<Integer> {

    public static final int CLEAN = 0;
    public static final int VIOLATIONS = 1;
    public static final int ERROR = 2;

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:EXTAUTH_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, the local stack's broker)")
    String bootstrapServers;

    @Option(names = "--from", paramLabel = "TIME", converter = Rfc3339.class,
            description = "read from this RFC 3339 time (e.g. 2025-06-01T00:00:00Z) instead of the beginning; "
                    + "events whose causes lie before it may show as violations")
    @Nullable Instant from;

    @Option(names = "--user", paramLabel = "USER_ID", description = "also print this user's whole timeline")
    @Nullable String user;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--no-progress", description = "no progress on stderr")
    boolean noProgress;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", converter = Durations.class,
            description = "give up on an unreachable broker after this long: 3s, 1m or ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--max-failures", defaultValue = "5", paramLabel = "N",
            description = "the consecutive failure that locks a user: challenge-service's extauth.lockout.max-failures "
                    + "(default: ${DEFAULT-VALUE}, the service's default)")
    int maxFailures;

    @Option(names = "--counter-reset-window", defaultValue = "0s", paramLabel = "DURATION", converter = Durations.class,
            description = "a failure this long or longer after the last one starts the count again: challenge-service's "
                    + "extauth.lockout.counter-reset-window, e.g. 30m; 0s never (default: ${DEFAULT-VALUE}, the "
                    + "service's default)")
    Duration counterResetWindow;

    public static void main(String[] args) {
        // the Kafka client's first-use work starts while the command line is parsed (TopicReader)
        TopicReader.initializeClientAhead();
        System.exit(exitCode(commandLine(), args));
    }

    /**
     * What {@code commandLine} exits with on {@code args}: {@link #ERROR} when it fails with an {@link Error} too (a
     * heap too small for the topics, a stack overflow), which picocli lets through and the JVM would end with 1, the
     * code for {@link #VIOLATIONS}: a script that reads the code would take a crash for a finding.
     */
    static int exitCode(CommandLine commandLine, String... args) {
        try {
            return commandLine.execute(args);
        } catch (Error e) {
            commandLine.getErr().println("audit: " + e);
            commandLine.getErr().flush();
            return ERROR;
        }
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new AuditCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("audit: " + e);
            cmd.getErr().flush();
            return ERROR;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        // the logging system set up here, on one thread: the readers' threads each asked for their Kafka clients'
        // loggers while it was being set up, and SLF4J printed three lines of warnings about replaying their calls
        LoggerFactory.getILoggerFactory();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StrikeSettings strikes;
        try {
            strikes = new StrikeSettings(maxFailures, counterResetWindow);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            // the lifecycle builds its table from Spring Statemachine (classes to load, a machine to ask) while the
            // topics are read
            CompletableFuture<Auditor> auditor = CompletableFuture.supplyAsync(() -> Auditor.standard(strikes), runnable -> {
                Thread thread = new Thread(runnable, "audit-lifecycle");
                thread.setDaemon(true);
                thread.start();
            });
            ReadHistory read = new TopicReader(bootstrapServers, timeout).read(from, progress(err));
            AuditResult result = auditor.join().audit(read.events(), read.deadLetters(), read.asOf());
            AuditReport report = AuditReport.of(bootstrapServers, from, read, result, user);
            if (format == Format.json) {
                JsonReport.write(report, out);
            } else {
                TextReport.write(report, out);
            }
            return result.clean() ? CLEAN : VIOLATIONS;
        } catch (BrokerUnreachableException e) {
            err.println("audit: " + e.getMessage());
            err.flush();
            return ERROR;
        }
    }

    private Progress progress(PrintWriter err) {
        if (noProgress) {
            return Progress.none();
        }
        return System.console() != null ? Progress.bar(err) : Progress.lines(err, Duration.ofSeconds(5));
    }

    /** RFC 3339 times with {@code Z} or an offset. */
    static final class Rfc3339 implements CommandLine.ITypeConverter<Instant> {

        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not an RFC 3339 time, e.g. 2025-06-01T00:00:00Z");
            }
        }
    }
}
