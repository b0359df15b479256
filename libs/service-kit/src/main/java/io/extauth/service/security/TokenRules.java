package io.extauth.service.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a bearer token's claims must say beyond a good signature, issuer and audience: when it ends, that it does not
 * live longer than the configured maximum, and its roles as a list. Each problem names the claim, so a caller sees
 * in the 401 what to fix.
 */
public final class TokenRules {

    public static final String ROLES_CLAIM = "roles";

    private TokenRules() {
    }

    /**
     * Every problem of the claims at once; none means acceptable. A token without {@code iat} is judged by how far
     * its {@code exp} is from now, so leaving out {@code iat} does not lift the cap (Spring fills a missing
     * {@code iat} in as {@code exp} - 1 s before the rules see it, which the first check lets through).
     */
    public static List<String> problems(Instant now, @Nullable Instant issuedAt, @Nullable Instant expiresAt,
            @Nullable Object roles, Duration maxLifetime, Duration clockSkew) {
        List<String> problems = new ArrayList<>();
        if (expiresAt == null) {
            problems.add("The token has no exp claim: every token must say when it expires.");
        } else {
            if (issuedAt != null && Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
                problems.add("The token lives longer than " + maxLifetime + " (exp - iat): ask for a shorter one.");
            }
            if (Duration.between(now, expiresAt).compareTo(maxLifetime.plus(clockSkew)) > 0) {
                problems.add("The token's exp is more than " + maxLifetime + " from now: ask for a shorter one.");
            }
        }
        if (!isListOfStrings(roles)) {
            problems.add("The token's roles claim must be a JSON list of role names, e.g. [\"PORTAL\"].");
        }
        return problems;
    }

    private static boolean isListOfStrings(@Nullable Object roles) {
        return roles instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
    }
}
