package io.extauth.localstack;

import io.extauth.audit.AuditCommand;
import io.extauth.audit.cli.ExtauthVersion;
import io.extauth.localstack.cluster.ClusterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./extauth}: the developer's entry point to the local stack. */
@Command(name = "extauth", mixinStandardHelpOptions = true, versionProvider = ExtauthVersion.class,
        description = "The whole extauth system on this machine, with only Java installed.",
        subcommands = {UpCommand.class, ResetCommand.class, TokenCommand.class, MailCommand.class,
                BillingOrderCommand.class, ClusterCommand.class},
        footer = {"", "Durations are written 500ms, 30s, 5m, 8h, 2d or ISO-8601 (PT30S). "
                + "'./extauth <command> --help' shows a command's options and their defaults."})
public final class ExtauthCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ExtauthCli()).setCaseInsensitiveEnumValuesAllowed(true);
        // added here rather than in @Command so that each new command is a line of its own
        commandLine.addSubcommand(StatusCommand.class);
        commandLine.addSubcommand(TailCommand.class);
        commandLine.addSubcommand("audit", AuditCommand.commandLine());
        commandLine.addSubcommand(BenchPointer.class);
        commandLine.addSubcommand(ChaosPointer.class);
        return commandLine;
    }

    /**
     * {@code ./extauth bench} runs the benchmark's own jar (it starts a throwaway broker of its own and is not part
     * of this one); listed here so that {@code --help} names every command.
     */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            header = "Measure throughput and latency against a running stack.",
            description = "Measure orders, logins, the audit and the broker/database baseline against a running stack "
                    + "(tools/bench/README.md; './extauth bench --help' for its options).")
    static final class BenchPointer implements java.util.concurrent.Callable<Integer> {

        @Override
        public Integer call() {
            System.err.println("bench has its own jar: run it as ./extauth bench (see tools/bench/README.md)");
            return 2;
        }
    }

    /** {@code ./extauth chaos} runs its own jar against {@code ./extauth cluster}; listed so that {@code --help} names it. */
    @Command(name = "chaos", mixinStandardHelpOptions = true,
            header = "Inject faults into ./extauth cluster and check nothing is lost.",
            description = "Drive orders and logins against a running ./extauth cluster, kill or stop one part at a time "
                    + "and check every order, e-mail and challenge exactly once (tools/chaos/README.md; "
                    + "'./extauth chaos --help' for its options).")
    static final class ChaosPointer implements java.util.concurrent.Callable<Integer> {

        @Override
        public Integer call() {
            System.err.println("chaos has its own jar: run it as ./extauth chaos (see tools/chaos/README.md)");
            return 2;
        }
    }
}
