package io.extauth.service.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a bearer token's claims must say beyond a good signature, issuer and audience: who the caller is, when it ends,
 * that it does not live longer than the configured maximum, and its roles as a list. Each problem names the claim, so
 * a caller sees in the 401 what to fix.
 */
public final class TokenRules {

    public static final String ROLES_CLAIM = "roles";
    /**
     * The caller's name events record as {@code Unlocked.by} when the lockout's timer ends a lock (CONTRACT §6): no
     * token may take it, or an admin's unlock would read as the timer's.
     */
    static final String TIMER = "TIMER";
    /** The longest {@code sub} accepted: OpenID Connect's bound (Core 1.0, section 2). */
    static final int MAX_SUBJECT = 255;

    private TokenRules() {
    }

    /**
     * Every problem of the claims at once; none means acceptable. A token without {@code iat} is judged by how far
     * its {@code exp} is from now, so leaving out {@code iat} does not lift the cap (Spring fills a missing
     * {@code iat} in as {@code exp} - 1 s before the rules see it, which the first check lets through).
     */
    public static List<String> problems(Instant now, @Nullable Object subject, @Nullable Instant issuedAt,
            @Nullable Instant expiresAt, @Nullable Object roles, Duration maxLifetime, Duration clockSkew) {
        List<String> problems = new ArrayList<>();
        if (!(subject instanceof String name) || name.isBlank()) {
            // every caller without one would be the same caller "": one account's idempotency keys would block
            // another's, and an unlock or a factor change would say nobody made it
            problems.add("The token has no sub claim: every token must name its caller, whom events record as "
                    + "orderedBy, changedBy, activatedBy and by.");
        } else if (LookAlikes.readsAs(name, TIMER)) {
            problems.add("The token's sub claim reads as '" + TIMER + "', the name events give the lockout's timer: "
                    + "a caller cannot take it, in any case or spelling that looks like it.");
        } else if (name.length() > MAX_SUBJECT || !printable(name)) {
            // the name goes into events, e-mails ("Changed by: …"), keys and index rows: a line break would write
            // lines of its own into a mail's text, a long one would fail an index
            problems.add("The token's sub claim must be at most " + MAX_SUBJECT + " characters (OpenID Connect's bound) "
                    + "without control, format or separator characters other than a plain space, nor characters "
                    + "shown as nothing.");
        } else if (LookAlikes.mixesScripts(name)) {
            // an admin's name with one letter of another script reads as another admin's in the audit and the mails
            problems.add("The token's sub claim mixes scripts in one word (e.g. a Latin name with a Cyrillic or "
                    + "Greek letter), which can look like another name: each word in one script (Latin may go with "
                    + "Chinese, Japanese or Korean).");
        }
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

    /**
     * An {@code ADMIN} token names the one account it acts on ({@code accountId}, CONTRACT §7). Until session 70 one
     * without it was taken and then acted on no account: {@code 403} "an admin of account (none)" on an order,
     * {@code 400 account-required} on a user's factor, {@code 404} with the account named, where the contract
     * promises a {@code 401} that names the claim.
     */
    public static List<String> adminProblems(@Nullable Object roles, @Nullable Object accountId) {
        boolean admin = roles instanceof List<?> names && names.contains("ADMIN");
        // a number is an account's name too, as AccountAccess reads the claim (as a string)
        boolean named = accountId instanceof String account ? !account.isBlank() : accountId instanceof Number;
        if (admin && !named) {
            return List.of("The token has the role ADMIN but no accountId claim: an admin's token names the one "
                    + "account it acts on.");
        }
        return List.of();
    }

    /**
     * Whether {@code name} has no control, format, separator (other than a space), unpaired surrogate or
     * default-ignorable character (one shown as nothing: {@link LookAlikes#isDefaultIgnorable}).
     */
    private static boolean printable(String name) {
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SPACE_SEPARATOR && c != ' '
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || LookAlikes.isDefaultIgnorable(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean isListOfStrings(@Nullable Object roles) {
        return roles instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
    }
}
