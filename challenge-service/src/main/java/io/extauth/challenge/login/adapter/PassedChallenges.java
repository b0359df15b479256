package io.extauth.challenge.login.adapter;

import static io.extauth.challenge.factor.adapter.UserFactors.SET_UP_MOVED;

import io.extauth.challenge.factor.adapter.FactorReachChanged;
import io.extauth.challenge.factor.adapter.UserFactors;
import java.sql.Timestamp;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** When a user last passed a challenge: the proof a settings change may ask for (see {@code FactorChangeRules}). */
@Repository
public class PassedChallenges {

    private final JdbcTemplate jdbc;

    PassedChallenges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The latest {@code decided_at} of a SUCCEEDED PORTAL challenge of this account user, decided after the user's
     * set-up last moved ({@link UserFactors#SET_UP_MOVED}) and after the factor last changed how it reaches or checks
     * the user ({@code reach_changed_at}); null if none. A challenge passed on a phone an admin has since replaced (the
     * one a thief holds) proves nothing of the factor as it is now (until session 62 it was proof for 5 minutes). A
     * challenge passed before a lock is no proof after the unlock (the lock says someone was guessing), nor one passed
     * before a deactivation for the factor ordered after it. A VPN login is no proof for the portal: one who holds the user's portal session would
     * otherwise have their change allowed whenever the user signs in to the VPN (it counted until session 60).
     */
    public @Nullable Instant lastPassedAt(String accountId, String userId) {
        return jdbc.queryForList(LAST_PASSED, Timestamp.class, accountId, userId, accountId, userId, accountId, userId)
                .stream().findFirst().map(Timestamp::toInstant).orElse(null);
    }

    /**
     * {@link #lastPassedAt}'s statement: the newest such challenge, read newest first through the partial index of the
     * SUCCEEDED PORTAL challenges ({@code challenge_passed_portal}, V240), so it reads one entry however long the
     * user's history (a {@code max()} over the user's rows read every challenge the user ever had, under the user's
     * lock). The same answer as that {@code max()}: a row without {@code decided_at} fails the comparisons below,
     * as {@code max()} skipped it, and none found is null as the {@code max()} of no rows was.
     */
    static final String LAST_PASSED = """
            SELECT c.decided_at FROM challenge c
            WHERE c.account_id = ? AND c.user_id = ? AND c.status = 'SUCCEEDED' AND c.channel = 'PORTAL'
              AND c.decided_at > COALESCE((SELECT max(h.moved_at) FROM lifecycle_history h
                                           WHERE h.account_id = ? AND h.user_id = ? AND""" + " "
            + SET_UP_MOVED + "), '-infinity') " + """
              AND c.decided_at > COALESCE((SELECT f.reach_changed_at FROM user_factor f
                                           WHERE f.account_id = ? AND f.user_id = ?), '-infinity')
            ORDER BY c.decided_at DESC LIMIT 1""";

    /**
     * Challenges passed before an admin replaced a phone or the PIN are no proof from now on (the user's own change,
     * made with that proof, leaves it: {@link FactorReachChanged#endsProofs}).
     */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void factorReachChanged(FactorReachChanged changed) {
        if (!changed.endsProofs()) {
            return;
        }
        jdbc.update("UPDATE user_factor SET reach_changed_at = ? WHERE account_id = ? AND user_id = ?",
                Timestamp.from(changed.at()), changed.accountId(), changed.userId());
    }
}
