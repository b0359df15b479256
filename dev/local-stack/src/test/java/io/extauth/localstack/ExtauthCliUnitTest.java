package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code ./extauth} as a newcomer first meets it: its help, its version, its options. Nothing is started. */
class ExtauthCliUnitTest {

    static final List<String> EVERY_COMMAND = List.of("up", "reset", "token", "mail", "billing-order", "audit",
            "bench", "status", "tail", "cluster", "chaos");

    @Test
    void helpListsEveryCommandOnOneLineEach() {
        String help = run("--help");

        List<String> commandLines = help.lines().dropWhile(line -> !line.equals("Commands:")).skip(1)
                .takeWhile(line -> !line.isBlank()).toList();
        assertThat(commandLines).hasSize(ExtauthCli.commandLine().getSubcommands().size());
        for (String command : EVERY_COMMAND) {
            assertThat(commandLines).as(command).anyMatch(line -> line.matches("\\s+" + command + "\\s+\\S.*"));
        }
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertThat(run("--version").strip()).matches("extauth \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void everyOptionOfEveryCommandSaysWhatItDoesAndItsDefault() {
        List<String> undocumented = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command : ExtauthCli.commandLine().getSubcommands().entrySet()) {
            for (OptionSpec option : command.getValue().getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                String description = String.join(" ", option.description());
                if (description.isBlank()) {
                    undocumented.add(command.getKey() + " " + option.longestName() + ": no description");
                } else if (option.defaultValue() != null && !description.contains("default")) {
                    undocumented.add(command.getKey() + " " + option.longestName() + ": default not shown");
                }
            }
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void everyCommandWritesDurationsTheSameWay() {
        CommandLine cli = ExtauthCli.commandLine();
        assertThat(cli.parseArgs("token", "--role", "portal", "--ttl", "3s").subcommand()
                .matchedOptionValue("--ttl", Duration.ZERO)).isEqualTo(Duration.ofSeconds(3));
        cli = ExtauthCli.commandLine();
        assertThat(cli.parseArgs("audit", "--timeout", "3s").subcommand()
                .matchedOptionValue("--timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(3));
        cli = ExtauthCli.commandLine();
        assertThat(cli.parseArgs("token", "--role", "portal", "--ttl", "PT5M").subcommand()
                .matchedOptionValue("--ttl", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aDurationThatIsNoneIsAUsageErrorNamingTheFormsThatWork() {
        StringWriter err = new StringWriter();
        CommandLine cli = ExtauthCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("token", "--role", "portal", "--ttl", "3 weeks");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'3 weeks' is not a duration").contains("30s, 5m");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = ExtauthCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }
}
