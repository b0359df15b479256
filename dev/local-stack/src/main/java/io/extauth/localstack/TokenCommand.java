package io.extauth.localstack;

import java.time.Duration;
import java.util.Locale;
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
        description = "Print an RS256 JWT signed with the local key, e.g. curl -H \"Authorization: Bearer $(./extauth token --role admin --account 1234)\"")
final class TokenCommand implements Callable<Integer> {

    @Mixin HomeOptions home;

    @Spec CommandSpec spec;

    @Option(names = "--role", required = true, description = "admin, portal, vpn (a VPN gateway: VPN challenges only), billing or operator.")
    String role = "";

    @Option(names = "--account", description = "accountId claim; required for admin.")
    @Nullable String account;

    @Option(names = "--subject", description = "sub claim: who acts (default: the role, e.g. portal, admin-1234).")
    @Nullable String subject;

    @Option(names = "--ttl", defaultValue = "8h", description = "Time to live, at most 24h: 90s, 30m, 8h or ISO-8601 (default: ${DEFAULT-VALUE}).")
    String ttl = "8h";

    @Override
    public Integer call() {
        TokenRequest request;
        try {
            request = new TokenRequest(subject != null ? subject
                    : role.toLowerCase(java.util.Locale.ROOT) + (account != null ? "-" + account : ""),
                    TokenRequest.Role.parse(role), account, parseDuration(ttl));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        System.out.println(new JwtKeys(home.keysDir()).sign(request));
        return 0;
    }

    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        try {
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("unknown unit");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--ttl " + text + " is not a duration: use 90s, 30m, 8h, 2d or ISO-8601 like PT8H");
        }
    }
}
