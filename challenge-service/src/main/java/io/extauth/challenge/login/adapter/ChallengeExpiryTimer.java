package io.extauth.challenge.login.adapter;

import io.extauth.challenge.login.DecisionRules.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The durable expiry of challenges: issued PENDING rows past {@code expires_at} whose delivery is settled are decided
 * EXPIRED (a strike). Safe across instances and restarts: each decision is the same conditional, once-only update as an
 * answer. A challenge whose call, text or push is still with {@link ChallengeDelivery} is never expired here: it ends
 * there, NOT_DELIVERED, if nobody could deliver it. Rows an instance of the previous version left without
 * {@code issued_at} ({@link ChallengeAnnouncements}) are forgotten, as that version did.
 */
@Component
class ChallengeExpiryTimer {

    private static final Logger log = LoggerFactory.getLogger(ChallengeExpiryTimer.class);

    private final Challenges challenges;
    private final ChallengeDecisions decisions;
    private final ChallengeAnnouncements announcements;
    private final Clock clock;

    ChallengeExpiryTimer(Challenges challenges, ChallengeDecisions decisions, ChallengeAnnouncements announcements,
            Clock clock) {
        this.challenges = challenges;
        this.decisions = decisions;
        this.announcements = announcements;
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
        for (UUID id : challenges.pendingExpiredBy(now, 100)) {
            decisions.decide(id, Verdict.NO_ANSWER_IN_TIME);
        }
    }
}
