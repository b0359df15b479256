package io.extauth.challenge.login.adapter;

import io.extauth.challenge.database.adapter.FailedItems;
import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.challenge.telephony.adapter.TelephonyGateway;
import io.extauth.challenge.telephony.adapter.TelephonyGateway.ContactStatus;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * The durable expiry of challenges: issued PENDING rows past {@code expires_at} whose delivery is settled are decided.
 * A Symantec challenge is decided EXPIRED (a strike). A PhoneFactor challenge is a strike only when the vendor says it
 * reached the user: the vendor is asked first, outside any transaction or lock, and the decision is made afterwards
 * under the user's lock by {@link ChallengeDecisions}: EXPIRED when the vendor holds the contact and did not lose it,
 * NOT_DELIVERED (no strike) when it reports the contact {@code FAILED} or knows nothing of it. A vendor that cannot be
 * reached (the chaos run's outage lasted longer than a call) holds the decision: it is asked again after a doubled
 * wait, and past {@link ChallengeProperties.Expiry#vendorHold()} after the challenge's end the challenge ends
 * NOT_DELIVERED, as nobody can tell whether the user was reached. A callback that comes meanwhile decides as always.
 * A vendor that reports the user acted on the contact (answered the call, replied, approved or denied the push) holds
 * the decision the same way: what the user did is in the vendor's callback, late (a {@code #} at the call's last
 * second, a reply the carrier delivered late, a callback this service could not take and the vendor sends again), and
 * it decides; deciding EXPIRED first made a right answer given in time a strike.
 * <p>
 * Safe across instances and restarts: each decision is the same conditional, once-only update as an answer; the waits
 * are each instance's own and the hold is counted from the challenge's end, so a restart only asks sooner. A challenge
 * whose call, text or push is still with {@link ChallengeDelivery} is never expired here: it ends there, NOT_DELIVERED,
 * if nobody could deliver it. Rows an instance of the previous version left without {@code issued_at}
 * ({@link ChallengeAnnouncements}) are forgotten, as that version did.
 */
@Component
class ChallengeExpiryTimer {

    private static final Logger log = LoggerFactory.getLogger(ChallengeExpiryTimer.class);
    private static final int BATCH = 100;
    /**
     * The time one tick spends asking the vendor, at most (and one question past it): a gateway that answers each
     * question just inside its read timeout held the tick for minutes over a batch of challenges. The rest wait for
     * the next tick, a second later.
     */
    private static final Duration VENDOR_QUESTIONS_PER_TICK = Duration.ofSeconds(2);

    /** A decision held while the vendor cannot be reached: when to ask again, and the wait after that. */
    private record Held(Instant askAt, Duration delay) {
    }

    private final Challenges challenges;
    private final ChallengeDecisions decisions;
    private final ChallengeAnnouncements announcements;
    private final TelephonyGateway telephony;
    private final ChallengeProperties.Expiry expiry;
    private final Clock clock;
    private final Map<UUID, Held> held = new ConcurrentHashMap<>();
    private final FailedItems<UUID> failing = new FailedItems<>(log, "Challenge");
    /** Whether the vendor may still be asked in this tick (ticks run one at a time, each on a scheduler thread). */
    private boolean vendorReachable;
    /** When this tick's questions to the vendor must stop ({@link System#nanoTime}: real time, not the clock's). */
    private long askUntil;

    ChallengeExpiryTimer(Challenges challenges, ChallengeDecisions decisions, ChallengeAnnouncements announcements,
            TelephonyGateway telephony, ChallengeProperties properties, Clock clock) {
        this.challenges = challenges;
        this.decisions = decisions;
        this.announcements = announcements;
        this.telephony = telephony;
        this.expiry = properties.expiry();
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${extauth.lockout.timer-interval-ms:1000}")
    void expireUnanswered() {
        Instant now = clock.instant();
        int forgotten = challenges.deleteUnissuedCreatedBefore(announcements.unissuedGivenUpBefore(now));
        if (forgotten > 0) {
            log.warn("Forgot {} challenge(s) never recorded as issued (an instance of the previous version died between "
                    + "reaching the user and ChallengeIssued): no result, no strike", forgotten);
        }
        vendorReachable = true;
        askUntil = System.nanoTime() + VENDOR_QUESTIONS_PER_TICK.toNanos();
        // as many more as are put off, so that those never fill the batch
        int limit = BATCH + failing.size();
        List<UUID> due = challenges.pendingExpiredBy(now, limit);
        if (due.size() < limit) {
            held.keySet().retainAll(due); // the others were decided meanwhile (a callback, another instance)
            failing.retainAll(due);
        }
        for (UUID id : due) {
            if (failing.waiting(id, now)) {
                continue;
            }
            try {
                expire(id, now);
                failing.succeeded(id);
            } catch (DataAccessException | TransactionException e) {
                throw e; // the database: the next tick tries them all again
            } catch (RuntimeException e) {
                // this one only (a row of its user that this version cannot read): the others are not held behind it
                failing.failed(id, now, e);
            }
        }
    }

    /** Expires one challenge, or holds it for the vendor. */
    private void expire(UUID id, Instant now) {
        Optional<Challenge> challenge = challenges.find(id);
        if (challenge.isEmpty() || challenge.get().method() == null) {
            decisions.expireUnlessCodeWithVip(id); // Symantec: no vendor contact to ask about
            return;
        }
        Held wait = held.get(id);
        if (wait != null && now.isBefore(wait.askAt())) {
            return;
        }
        if (vendorReachable && System.nanoTime() - askUntil > 0) {
            return; // this tick asked the vendor long enough: the next asks
        }
        VendorWord word = vendorReachable ? askTheVendor(challenge.get()) : VendorWord.UNREACHABLE;
        if (word == VendorWord.UNREACHABLE) {
            vendorReachable = false; // one refusal is enough for this tick: the others wait with it
        }
        Optional<Verdict> verdict = word.verdict() != null ? Optional.of(word.verdict())
                : hold(challenge.get(), wait, now, word);
        if (verdict.isPresent()) {
            held.remove(id);
            decisions.decide(id, verdict.get());
        }
    }

    /** What the vendor said of a challenge's contact: a verdict, or why the decision waits. */
    private enum VendorWord {
        LOST(Verdict.NOT_DELIVERED), UNANSWERED(Verdict.NO_ANSWER_IN_TIME), ACTED(null), UNREACHABLE(null);

        private final @Nullable Verdict verdict;

        VendorWord(@Nullable Verdict verdict) {
            this.verdict = verdict;
        }

        @Nullable Verdict verdict() {
            return verdict;
        }
    }

    /** The vendor's word on the contact. Runs outside any transaction. */
    private VendorWord askTheVendor(Challenge challenge) {
        try {
            ContactStatus status = telephony.contactStatus(challenge.id().toString());
            return switch (status) {
                case DELIVERED -> VendorWord.UNANSWERED;
                case ACTED -> VendorWord.ACTED;
                case FAILED, UNKNOWN, UNRECOGNISED -> {
                    log.warn("Challenge {} of user {} is over, and the vendor reports its contact {}: NOT_DELIVERED "
                            + "(no strike)", challenge.id(), challenge.userId(), status);
                    yield VendorWord.LOST;
                }
            };
        } catch (VendorUnavailableException e) {
            return VendorWord.UNREACHABLE;
        }
    }

    /**
     * Holds the decision with a doubled wait, for a vendor that cannot be reached or a callback on its way; past the
     * hold, NOT_DELIVERED (what the user did never arrived: no strike either way).
     */
    private Optional<Verdict> hold(Challenge challenge, @Nullable Held before, Instant now, VendorWord why) {
        if (!now.isBefore(challenge.expiresAt().plus(expiry.vendorHold()))) {
            log.warn("Challenge {} of user {} is over and {} for {}: NOT_DELIVERED (no strike: nobody can tell what "
                    + "the user did)", challenge.id(), challenge.userId(), why == VendorWord.ACTED
                            ? "the vendor's callback of what the user did never came" : "the vendor could not be asked",
                    expiry.vendorHold());
            return Optional.of(Verdict.NOT_DELIVERED);
        }
        Duration wait = before == null ? expiry.vendorRetry() : before.delay().multipliedBy(2);
        wait = wait.compareTo(expiry.vendorRetryMax()) > 0 ? expiry.vendorRetryMax() : wait;
        if (before == null && why == VendorWord.ACTED) {
            log.info("Challenge {} of user {} is over, and the vendor reports the user acted on it: decision held for "
                    + "the vendor's callback (at most {} after its end)", challenge.id(), challenge.userId(),
                    expiry.vendorHold());
        } else if (before == null) {
            log.warn("Challenge {} of user {} is over, but the vendor cannot be reached to tell whether the user was: "
                    + "decision held (at most {} after its end)", challenge.id(), challenge.userId(),
                    expiry.vendorHold());
        }
        held.put(challenge.id(), new Held(now.plus(wait), wait));
        return Optional.empty();
    }
}
