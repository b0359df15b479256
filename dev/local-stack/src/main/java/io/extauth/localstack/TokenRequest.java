package io.extauth.localstack;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** What a development token says: who, in which role, for which account, for how long. */
public record TokenRequest(String subject, Role role, @Nullable String accountId, Duration ttl) {

    /** The roles the services know; the token carries the upper-case name. */
    public enum Role {
        ADMIN, PORTAL, BILLING, OPERATOR;

        public static Role parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--role " + value + " is not a role: use admin, portal, billing or operator");
            }
        }
    }

    public TokenRequest {
        if (subject.isBlank()) {
            throw new IllegalArgumentException("the subject must not be blank");
        }
        if (role == Role.ADMIN && (accountId == null || accountId.isBlank())) {
            throw new IllegalArgumentException("an admin token needs the account it administers: add --account <id>");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the time to live must be positive, was " + ttl);
        }
    }
}
