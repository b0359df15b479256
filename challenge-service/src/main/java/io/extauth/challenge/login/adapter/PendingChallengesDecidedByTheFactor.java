package io.extauth.challenge.login.adapter;

import io.extauth.challenge.factor.adapter.FactorLeftActive;
import io.extauth.challenge.factor.adapter.FactorReachChanged;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.challenge.telephony.adapter.TelephonyGateway;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The pending challenges of a user whose factor moved under them, decided in the transaction that moved it.
 * <p>
 * Once a user is locked, deactivated or ordered again, no pending challenge of theirs can succeed: each is decided
 * then, in the transaction that moved the user (under the user's row lock, so the rules see the new state and give
 * {@code REJECTED_LOCKED} to a locked user, {@code FAILED} without a strike to one deactivated or ordered again), not
 * minutes later at its expiry, when an admin's unlock could have made the unanswerable challenge a strike. After the
 * commit, the calls, SMS and pushes of those challenges are withdrawn at the gateway, so the phone stops ringing:
 * best effort, a gateway that cannot be told is logged and counted ({@code
 * extauth_telephony_cancellations_total{outcome="failed"}}) and changes no decision.
 * <p>
 * Its decisions change nothing but their challenges (the user is no longer active), so each is written with the
 * commit ({@link ChallengeDecisions}): a second run for the same user in the same transaction would find them still
 * PENDING and fail the commit (decided twice). None can run: a user leaves ACTIVE at most once per transaction, since
 * nothing brings a user back to ACTIVE (unlock, activation) in the transaction that locked or deactivated them.
 * <p>
 * Once an active user's factor reaches or checks them another way ({@link FactorReachChanged}: an admin replaced the
 * phone a thief holds, reset the PIN, suspended challenges), a pending challenge was sent the old way: each is
 * withdrawn ({@code WITHDRAWN}, no strike) and its contact withdrawn at the gateway likewise, so that an answer on the
 * old phone neither signs anyone in nor becomes the proof a weakening change asks for. A settings save raises it at
 * most once per transaction and moves no user out of ACTIVE.
 */
@Component
class PendingChallengesDecidedByTheFactor {

    private final JdbcTemplate jdbc;
    private final ChallengeDecisions decisions;
    private final TelephonyGateway telephony;
    private final Counter cancelled;
    private final Counter failed;

    PendingChallengesDecidedByTheFactor(JdbcTemplate jdbc, ChallengeDecisions decisions, TelephonyGateway telephony,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.decisions = decisions;
        this.telephony = telephony;
        this.cancelled = counter(meters, "cancelled");
        this.failed = counter(meters, "failed");
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void factorLeftActive(FactorLeftActive left) {
        // the user is no longer ACTIVE in this transaction: the rules decide without looking at any answer
        decideAll(left.accountId(), left.userId(), Verdict.NO_ANSWER_IN_TIME);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void factorReachChanged(FactorReachChanged changed) {
        decideAll(changed.accountId(), changed.userId(), Verdict.WITHDRAWN);
    }

    /**
     * The user's pending challenges, on every channel: read through the partial index of the pending ones
     * ({@code challenge_open}), never the user's decided history.
     */
    static final String PENDING_OF_USER = """
            SELECT id FROM challenge c WHERE c.account_id = ? AND c.user_id = ? AND c.status = 'PENDING'
              AND""" + Challenges.readable("c");

    private void decideAll(String accountId, String userId, Verdict verdict) {
        // only challenges this version can read (Challenges.readable): deciding one a later version wrote would throw
        // and roll back the move itself (a fifth strike that never locks); it is that version's to decide
        List<UUID> pending = jdbc.queryForList(PENDING_OF_USER, UUID.class, accountId, userId);
        for (UUID challengeId : pending) {
            decisions.decide(challengeId, verdict);
        }
        if (!pending.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    // on the gateway's own threads: the thread that committed (a request's, a listener's) does not
                    // wait for the gateway; best effort, as every cancellation is
                    try {
                        telephony.offRequestThread(() -> {
                            pending.forEach(challengeId -> (telephony.cancelContacts(challengeId.toString())
                                    ? cancelled : failed).increment());
                            return pending.size();
                        });
                    } catch (VendorUnavailableException busy) {
                        failed.increment(pending.size());
                    }
                }
            });
        }
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("extauth.telephony.cancellations").tag("outcome", outcome)
                .description("Challenges decided because their user left ACTIVE or their factor changed, whose "
                        + "calls, SMS and pushes were withdrawn at the gateway")
                .register(meters);
    }
}
