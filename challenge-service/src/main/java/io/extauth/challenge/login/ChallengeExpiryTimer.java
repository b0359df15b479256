package io.extauth.challenge.login;

import io.extauth.challenge.login.DecisionRules.Verdict;
import java.time.Clock;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The durable expiry of challenges: PENDING rows past {@code expires_at} are decided EXPIRED (a strike). Safe across
 * instances and restarts: each decision is the same conditional, once-only update as an answer.
 */
@Component
class ChallengeExpiryTimer {

    private final Challenges challenges;
    private final ChallengeDecisions decisions;
    private final Clock clock;

    ChallengeExpiryTimer(Challenges challenges, ChallengeDecisions decisions, Clock clock) {
        this.challenges = challenges;
        this.decisions = decisions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${extauth.lockout.timer-interval-ms:1000}")
    void expireUnanswered() {
        for (UUID id : challenges.pendingExpiredBy(clock.instant(), 100)) {
            decisions.decide(id, Verdict.NO_ANSWER_IN_TIME);
        }
    }
}
