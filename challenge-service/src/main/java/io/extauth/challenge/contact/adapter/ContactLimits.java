package io.extauth.challenge.contact.adapter;

import io.extauth.challenge.contact.ContactKind;
import io.extauth.challenge.contact.ContactLimitRules.Limit;
import io.extauth.challenge.contact.ContactLimitRules;
import io.extauth.challenge.contact.TooManyContacts;
import io.extauth.challenge.factor.adapter.Secrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Whether one more call, text, push or verification call may go out, counted per user and per destination in
 * PostgreSQL. Callers ask inside the transaction that holds the user's row lock ({@code UserFactors.lock}), so a burst
 * for one user is counted one request after the other, on every instance; the destination is locked here. Contacts
 * no limit reads any more are deleted by {@link ContactPrune}.
 */
@Component
public class ContactLimits {

    /** Why a contact was refused, as the problem and the metric name it. */
    public enum Reason {
        PER_USER, PER_DESTINATION, PER_ACCOUNT, FAILED_VERIFICATIONS, HIGH_RISK_NUMBER, UNASSIGNED_NUMBER,
        REGION_NOT_ALLOWED;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Refused: one more contact fits after {@code retryAfter}. */
    public record Refusal(Reason reason, ContactKind kind, Duration retryAfter) {
    }

    private static final Set<ContactKind> CHALLENGE_CONTACTS = EnumSet.of(ContactKind.CALL, ContactKind.SMS,
            ContactKind.PUSH);
    private static final Set<ContactKind> CHALLENGE_DIALS = EnumSet.of(ContactKind.CALL, ContactKind.SMS);

    private final ContactAttempts attempts;
    private final ContactLimitProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Secrets secrets;

    ContactLimits(ContactAttempts attempts, ContactLimitProperties properties, Clock clock, MeterRegistry meters,
            Secrets secrets) {
        this.attempts = attempts;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Records one more login call, text or push to the user at this number (E.164; {@code null} for an app push) and
     * desk (what the vendor is given: the number, with {@code ;ext=} for a call to an extension), or refuses it with
     * the wait. Call it holding the user's row lock.
     */
    public Optional<Refusal> tryContact(String accountId, String userId, ContactKind kind, @Nullable String number,
            @Nullable String desk) {
        if (!CHALLENGE_CONTACTS.contains(kind)) {
            throw new IllegalArgumentException(kind + " is not a login's contact");
        }
        Instant now = clock.instant();
        if (number != null) {
            return challengeContact(kind, accountId, userId, hash(number), hash(desk == null ? number : desk), now);
        }
        Optional<Refusal> refusal = firstRefusal(kind, userCheck(Reason.PER_USER, accountId, userId,
                CHALLENGE_CONTACTS, properties.challengesPerUser(), now));
        record(refusal, accountId, userId, kind, null, now);
        return refusal;
    }

    /**
     * Records one more verification call to this number (E.164, whatever the extension dialled: an extension is
     * whatever the caller typed, and anyone may ask to verify any number) for the user, or refuses it with the wait.
     * Call it holding the user's row lock. The user's own limits (calls an hour, failed verifications a day) do not
     * hold for an admin's call ({@code byAdmin}): they keep someone holding the user's portal session from ringing the
     * user's phones, and once that someone had used them up (unanswered calls to a second phone, which needs no proof)
     * they held off, for up to a day, the admin replacing the phone; the number's and the account's limits, against
     * toll fraud, hold for everyone.
     */
    public Optional<Refusal> tryVerificationCall(String accountId, String userId, String destination,
            boolean byAdmin) {
        Instant now = clock.instant();
        ContactKind kind = ContactKind.VERIFICATION_CALL;
        String hash = hash(destination);
        attempts.lockDestination(hash);
        Optional<Refusal> refusal = firstRefusal(kind,
                byAdmin ? Optional.empty() : userCheck(Reason.FAILED_VERIFICATIONS, accountId, userId,
                        EnumSet.of(ContactKind.FAILED_VERIFICATION), properties.failedVerificationsPerUser(), now),
                byAdmin ? Optional.empty() : userCheck(Reason.PER_USER, accountId, userId, EnumSet.of(kind),
                        properties.verificationsPerUser(), now),
                // the number's limit is the account's: another account that asks to verify a number it does not
                // hold (five times an hour) stopped this one's users verifying it; all accounts together have a
                // higher one, against toll pumping
                destinationCheck(hash, accountId, EnumSet.of(kind), properties.verificationsPerDestination(), now),
                destinationCheck(hash, null, EnumSet.of(kind), properties.verificationsPerDestinationAllAccounts(), now),
                verificationsOfTheAccount(accountId, properties.verificationsPerAccount(), now));
        record(refusal, accountId, userId, kind, hash, now);
        return refusal;
    }

    private void record(Optional<Refusal> refusal, String accountId, String userId, ContactKind kind,
            @Nullable String hash, Instant now) {
        if (refusal.isPresent()) {
            count(refusal.get().reason(), kind);
        } else {
            attempts.insert(accountId, userId, kind, hash, now);
        }
    }

    /** A verification that ended without {@code #} counts toward the user's failed-verification limit. */
    public void verificationFailed(String accountId, String userId) {
        attempts.insert(accountId, userId, ContactKind.FAILED_VERIFICATION, null, clock.instant());
    }

    /** Counts a contact refused before it was asked for (a number that may not be called). */
    public void refusedNumber(Reason reason, ContactKind kind) {
        count(reason, kind);
    }

    /** The refusal as the web edge renders it: 429 with {@code Retry-After} in seconds. */
    public static TooManyContacts tooMany(Refusal refusal) {
        long seconds = ContactLimitRules.retryAfterSeconds(refusal.retryAfter());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("reason", refusal.reason().name());
        properties.put("kind", refusal.kind().name());
        properties.put("retryAfterSeconds", seconds);
        return new TooManyContacts(detail(refusal) + " Nothing was sent. Try again in " + seconds + " s.", properties,
                seconds);
    }

    private static String detail(Refusal refusal) {
        boolean verification = refusal.kind() == ContactKind.VERIFICATION_CALL;
        return switch (refusal.reason()) {
            case PER_USER -> verification ? "This user had as many phone verification calls as are allowed for now."
                    : "This user was called, texted or pushed as often as is allowed for now.";
            case PER_DESTINATION -> verification ? "This number had as many verification calls as are allowed for now."
                    : "This number was called or texted as often as is allowed for now.";
            case PER_ACCOUNT -> "This account's users had as many phone verification calls as are allowed for now.";
            case FAILED_VERIFICATIONS -> "Too many phone verifications of this user failed recently.";
            case HIGH_RISK_NUMBER, UNASSIGNED_NUMBER, REGION_NOT_ALLOWED -> "This number may not be called.";
        };
    }

    private record Wait(Reason reason, Duration duration) {
    }

    @SafeVarargs
    private static Optional<Refusal> firstRefusal(ContactKind kind, Optional<Wait>... checks) {
        for (Optional<Wait> check : checks) {
            if (check.isPresent()) {
                return Optional.of(new Refusal(check.get().reason(), kind, check.get().duration()));
            }
        }
        return Optional.empty();
    }

    private Optional<Wait> userCheck(Reason reason, String accountId, String userId, Set<ContactKind> kinds,
            Limit limit, Instant now) {
        Instant mustLeave = attempts.mustLeaveForUser(accountId, userId, kinds, now.minus(limit.window()),
                ContactLimitRules.mustLeaveOffset(limit));
        return ContactLimitRules.waitBeforeNext(limit, mustLeave, now).map(wait -> new Wait(reason, wait));
    }

    /**
     * A login's call or text: the number locked, the contact recorded, and its three limits read (the user's, the
     * desk's and the number's), in one round trip (the read sees the contacts before this one, and returns only the
     * one of each window that must leave it); taken back if a limit refuses it. The desk's is the number's for a phone
     * without an extension. Both the desk's and the number's refuse as {@code PER_DESTINATION}.
     */
    private Optional<Refusal> challengeContact(ContactKind kind, String accountId, String userId, String numberHash,
            String deskHash, Instant now) {
        Limit perUser = properties.challengesPerUser();
        Limit perDesk = properties.challengesPerDestination();
        Limit perNumber = properties.challengesPerNumber();
        ContactAttempts.Recorded recorded = attempts.lockDestinationAndRecord(accountId, userId, kind, numberHash,
                deskHash, now, CHALLENGE_CONTACTS, now.minus(perUser.window()),
                ContactLimitRules.mustLeaveOffset(perUser), CHALLENGE_DIALS, now.minus(perDesk.window()),
                ContactLimitRules.mustLeaveOffset(perDesk), ContactLimitRules.mustLeaveOffset(perNumber));
        Optional<Refusal> refusal = firstRefusal(kind,
                ContactLimitRules.waitBeforeNext(perUser, recorded.userMustLeave(), now)
                        .map(w -> new Wait(Reason.PER_USER, w)),
                ContactLimitRules.waitBeforeNext(perDesk, recorded.deskMustLeave(), now)
                        .map(w -> new Wait(Reason.PER_DESTINATION, w)),
                ContactLimitRules.waitBeforeNext(perNumber, recorded.numberMustLeave(), now)
                        .map(w -> new Wait(Reason.PER_DESTINATION, w)));
        if (refusal.isPresent()) {
            attempts.delete(recorded.id());
            count(refusal.get().reason(), kind);
        }
        return refusal;
    }

    /**
     * The account's limit among the verification calls asked for by all its users, counted under the account's lock
     * ({@link ContactAttempts#lockAccount}, taken after the user's and the number's): the users' row locks are
     * different locks, so without it two of the account's users verifying at once could both take the last place.
     */
    private Optional<Wait> verificationsOfTheAccount(String accountId, Limit limit, Instant now) {
        attempts.lockAccount(accountId);
        Instant mustLeave = attempts.verificationMustLeaveForAccount(accountId, now.minus(limit.window()),
                ContactLimitRules.mustLeaveOffset(limit));
        return ContactLimitRules.waitBeforeNext(limit, mustLeave, now).map(wait -> new Wait(Reason.PER_ACCOUNT, wait));
    }

    /** The number's limit among the contacts asked for by {@code accountId}'s users, or by anyone's ({@code null}). */
    private Optional<Wait> destinationCheck(String hash, @Nullable String accountId, Set<ContactKind> kinds, Limit limit,
            Instant now) {
        Instant mustLeave = attempts.mustLeaveForDestination(hash, accountId, kinds, now.minus(limit.window()),
                ContactLimitRules.mustLeaveOffset(limit));
        return ContactLimitRules.waitBeforeNext(limit, mustLeave, now)
                .map(wait -> new Wait(Reason.PER_DESTINATION, wait));
    }

    private void count(Reason reason, ContactKind kind) {
        Counter.builder("extauth.contacts.refused")
                .description("Calls, texts, pushes and verification calls refused by a contact limit or number rule")
                .tag("reason", reason.tag()).tag("kind", kind.name()).register(meters).increment();
    }

    /**
     * A key to count by, not to dial: the number itself is kept only on the user's row. Keyed by the pepper
     * ({@link Secrets#countingKey}): until session 62 a plain SHA-256, which the database alone turned back into the
     * number; a row counted before then is another key, so the limits start afresh once, at the upgrade.
     */
    private String hash(String e164) {
        return secrets.countingKey(e164);
    }
}
