package io.extauth.localstack;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** What a development token says: who, in which role, for which account, for how long. */
public record TokenRequest(String subject, Role role, @Nullable String accountId, Duration ttl) {

    /** The longest life the services accept by default ({@code extauth.security.jwt.max-lifetime}). */
    public static final Duration MAX_TTL = Duration.ofHours(24);

    /** The roles the services know; the token carries the upper-case name. */
    public enum Role {
        ADMIN, PORTAL, VPN, BILLING, OPERATOR;

        public static Role parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--role " + value + " is not a role: use admin, portal, vpn, billing or operator");
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
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the services refuse tokens that live longer than " + MAX_TTL
                    + ": use --ttl " + MAX_TTL.toHours() + "h or less, was " + ttl);
        }
    }
}
