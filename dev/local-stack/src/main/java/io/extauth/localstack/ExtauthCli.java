package io.extauth.localstack;

import io.extauth.localstack.cluster.ClusterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./extauth}: the developer's entry point to the local stack. */
@Command(name = "extauth", mixinStandardHelpOptions = true,
        description = "The whole extauth system on this machine, with only Java installed.",
        subcommands = {UpCommand.class, ResetCommand.class, TokenCommand.class, MailCommand.class,
                BillingOrderCommand.class, ClusterCommand.class})
public final class ExtauthCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new ExtauthCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
