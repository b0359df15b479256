package io.extauth.localstack;

import picocli.CommandLine;

/** {@code ./extauth}'s whole command tree, for tests in other packages ({@code ExtauthCli.commandLine} is the package's). */
public final class ExtauthCliAccess {

    private ExtauthCliAccess() {
    }

    public static CommandLine commandLine() {
        return ExtauthCli.commandLine();
    }
}
