package io.extauth.challenge.contact.adapter;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.extauth.challenge.contact.ContactKind;
import io.extauth.challenge.contact.ContactLimitRules.Limit;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound contact limits ({@code extauth.contacts.*}). The defaults follow Twilio Verify's (5 sends per number in 10
 * minutes): tight enough that an attacker who knows a user's login cannot ring up a bill or wear the user down with
 * pushes, loose enough for a user who signs in to the portal and the VPN a few times.
 *
 * @param challenges login challenges (calls, texts, pushes)
 * @param verifications phone verification calls
 * @param phones which numbers may be verified at all
 */
@ConfigurationProperties("extauth.contacts")
public record ContactLimitProperties(
        @DefaultValue Challenges challenges,
        @DefaultValue Verifications verifications,
        @DefaultValue Phones phones) {

    /**
     * Login challenges ({@code extauth.contacts.challenges.*}); one challenge per user and channel is open at a time
     * regardless.
     *
     * @param perUser calls, texts and pushes to one user in a window
     * @param perDestination calls and texts to one number as the vendor is given it (a desk: a call's extension
     *        included) in a window, whichever user or account it belongs to
     * @param window the sliding window of all three
     * @param perNumber calls and texts to one number whatever its extension (the desks behind one switchboard
     *        together) in a window, whichever user or account: an extension is whatever the caller typed, so made-up
     *        desks of one line would otherwise each get {@code perDestination}; above it, for a switchboard's people
     *        signing in at once
     */
    public record Challenges(
            @DefaultValue("5") int perUser,
            @DefaultValue("5") int perDestination,
            @DefaultValue("10m") Duration window,
            @DefaultValue("30") int perNumber) {
    }

    /**
     * Phone verification calls ({@code extauth.contacts.verifications.*}).
     *
     * @param perUser verification calls for one user in a window, to any numbers
     * @param perDestination verification calls to one number in a window for the users of one account
     * @param window the sliding window of both, and of {@code perDestinationAllAccounts}
     * @param failuresPerUser verifications that ended without {@code #} (unanswered, wrong key) after which the user
     *        gets no further verification call until the failure window frees one
     * @param failureWindow the sliding window of failures
     * @param perDestinationAllAccounts verification calls to one number in a window whichever account asked: against
     *        toll pumping across accounts, above {@code perDestination} so that one account that asks for a number
     *        it does not hold cannot stop another from verifying it
     * @param perAccount verification calls in a window for all the users of one account, to any numbers: against an
     *        admin (or a stolen admin token) that orders PhoneFactor for many made-up users and has each verify a
     *        number of its own, five calls an hour apiece; an account that sets up more users than this in an hour
     *        raises it
     */
    public record Verifications(
            @DefaultValue("5") int perUser,
            @DefaultValue("5") int perDestination,
            @DefaultValue("1h") Duration window,
            @DefaultValue("10") int failuresPerUser,
            @DefaultValue("24h") Duration failureWindow,
            @DefaultValue("15") int perDestinationAllAccounts,
            @DefaultValue("100") int perAccount) {
    }

    /**
     * Numbers a verification call is refused for ({@code extauth.contacts.phones.*}).
     *
     * @param refusedTypes number types never called: they cost money per minute or reach a service, not a person
     *        (libphonenumber's names)
     * @param testPrefixes E.164 prefixes of numbers accepted although no numbering plan assigns them, e.g. {@code +1555}
     *        for the vendor simulator; empty (the default): every unassigned number is refused
     * @param allowedRegions the regions (ISO 3166 codes, e.g. {@code US}, {@code GB}) whose numbers may be verified;
     *        empty (the default): every region's. An operator whose users are in a few countries names them, so that
     *        nobody rings up a bill with calls to a country whose carriers share their fees with fraudsters
     */
    public record Phones(
            @DefaultValue({"PREMIUM_RATE", "SHARED_COST", "UAN", "PERSONAL_NUMBER", "PAGER", "VOICEMAIL"})
            Set<PhoneNumberType> refusedTypes,
            @DefaultValue List<String> testPrefixes,
            @DefaultValue Set<String> allowedRegions) {

        public Phones {
            // as libphonenumber writes them, whatever case the operator typed; a code it does not know (UK for GB)
            // would refuse that country's every number in silence, so it stops the start instead
            allowedRegions = allowedRegions.stream().map(String::trim).filter(r -> !r.isEmpty())
                    .map(r -> r.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            Set<String> known = PhoneNumberUtil.getInstance().getSupportedRegions();
            List<String> unknown = allowedRegions.stream().filter(r -> !known.contains(r)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("extauth.contacts.phones.allowed-regions: " + unknown
                        + " not a region code libphonenumber knows (ISO 3166 alpha-2, e.g. GB, not UK)");
            }
        }
    }

    Limit challengesPerUser() {
        return new Limit(challenges.perUser(), challenges.window());
    }

    Limit challengesPerDestination() {
        return new Limit(challenges.perDestination(), challenges.window());
    }

    /**
     * A number's bound is never below one of its desks': an operator who raised {@code per-destination} for a
     * switchboard before {@code per-number} existed (counted per number then) keeps what they set, instead of being
     * held to the new setting's default in silence after the upgrade.
     */
    Limit challengesPerNumber() {
        return new Limit(Math.max(challenges.perNumber(), challenges.perDestination()), challenges.window());
    }

    Limit verificationsPerUser() {
        return new Limit(verifications.perUser(), verifications.window());
    }

    Limit verificationsPerDestination() {
        return new Limit(verifications.perDestination(), verifications.window());
    }

    /** Never below one account's bound to the number, for the reason {@link #challengesPerNumber} gives. */
    Limit verificationsPerDestinationAllAccounts() {
        return new Limit(Math.max(verifications.perDestinationAllAccounts(), verifications.perDestination()),
                verifications.window());
    }

    Limit verificationsPerAccount() {
        return new Limit(verifications.perAccount(), verifications.window());
    }

    Limit failedVerificationsPerUser() {
        return new Limit(verifications.failuresPerUser(), verifications.failureWindow());
    }

    /**
     * How long a contact of this kind can matter to any limit: the longest window a limit reads it in
     * ({@link ContactLimits}; a kind read under two windows keeps the longer). Older ones are deleted
     * ({@link ContactPrune}). Until session 66 every kind was kept for the longest window of all (the failure window,
     * 24 h): each login's call, text or push 144 times as long as any limit read it.
     */
    Duration retention(ContactKind kind) {
        return switch (kind) {
            // the user's limit (calls, texts and pushes), the desk's and the number's (calls and texts)
            case CALL, SMS, PUSH -> longest(challengesPerUser(), challengesPerDestination(), challengesPerNumber());
            // the user's, the number's in the account and in all accounts, the account's
            case VERIFICATION_CALL -> longest(verificationsPerUser(), verificationsPerDestination(),
                    verificationsPerDestinationAllAccounts(), verificationsPerAccount());
            // the user's failed verifications
            case FAILED_VERIFICATION -> failedVerificationsPerUser().window();
        };
    }

    private static Duration longest(Limit... limits) {
        Duration longest = limits[0].window();
        for (Limit limit : limits) {
            longest = limit.window().compareTo(longest) > 0 ? limit.window() : longest;
        }
        return longest;
    }
}
