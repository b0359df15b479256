package io.extauth.challenge.login.adapter;

import java.sql.Timestamp;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** When a user last passed a challenge: the proof a settings change may ask for (see {@code FactorChangeRules}). */
@Repository
public class PassedChallenges {

    private final JdbcTemplate jdbc;

    PassedChallenges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest {@code decided_at} of a SUCCEEDED challenge of this account user, any channel; null if none. */
    public @Nullable Instant lastPassedAt(String accountId, String userId) {
        Timestamp at = jdbc.queryForObject("""
                SELECT max(decided_at) FROM challenge
                WHERE account_id = ? AND user_id = ? AND status = 'SUCCEEDED'""", Timestamp.class, accountId, userId);
        return at == null ? null : at.toInstant();
    }
}
