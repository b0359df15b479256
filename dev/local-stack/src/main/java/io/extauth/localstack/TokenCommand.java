package io.extauth.localstack;

import io.extauth.audit.cli.Durations;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code token}: a bearer token the local services accept, for curl and the like. */
@Command(name = "token", mixinStandardHelpOptions = true,
        header = "Print a bearer token the local services accept.",
        description = "Print an RS256 JWT signed with the local key, e.g. curl -H \"Authorization: Bearer $(./extauth token --role admin --account 1234)\"")
final class TokenCommand implements Callable<Integer> {

    @Mixin HomeOptions home;

    @Spec CommandSpec spec;

    @Option(names = "--role", required = true, description = "admin, portal, vpn (a VPN gateway: VPN challenges only), billing or operator.")
    String role = "";

    @Option(names = "--account", description = "accountId claim; required for admin; for vpn, binds the gateway to that account (default: none).")
    @Nullable String account;

    @Option(names = "--subject", description = "sub claim: who acts (default: the role, e.g. portal, admin-1234).")
    @Nullable String subject;

    @Option(names = "--ttl", defaultValue = "8h", converter = Durations.class,
            description = "Time to live, at most 24h: 90s, 30m, 8h or ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration ttl = Duration.ofHours(8);

    @Override
    public Integer call() {
        TokenRequest request;
        try {
            request = new TokenRequest(subject != null ? subject
                    : role.toLowerCase(java.util.Locale.ROOT) + (account != null ? "-" + account : ""),
                    TokenRequest.Role.parse(role), account, ttl);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        System.out.println(new JwtKeys(home.keysDir()).sign(request));
        return 0;
    }
}
