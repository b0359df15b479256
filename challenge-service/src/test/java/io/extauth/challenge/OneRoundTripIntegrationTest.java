package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.extauth.challenge.database.adapter.OneRoundTrip;
import io.extauth.challenge.database.adapter.Statement;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.contract.AuthType;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two statements in one round trip (issue 14): the second runs once the first has finished, with a snapshot of its
 * own, so a read sent behind the statement that locks a user's row sees what the lock's previous holder committed while
 * it waited; and a first statement that fails keeps the second from running.
 */
class OneRoundTripIntegrationTest extends IntegrationTestBase {

    @Autowired
    UserFactors factors;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aReadSentBehindTheLockSeesWhatTheLocksPreviousHolderCommittedWhileItWaited() throws Exception {
        provisioned(AuthType.PHONEFACTOR, null);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            factors.lock(accountId, userId);
            jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, attempted_at) VALUES (?, ?, 'CALL', ?)",
                    accountId, userId, Timestamp.from(clock.instant()));
            holding.countDown();
            awaitLatch(release);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<UserFactors.Locked<UserFactor, Integer>> waiter = CompletableFuture.supplyAsync(
                () -> transactions.execute(tx -> factors.lockThen(accountId, userId, Statement.of(
                        "SELECT count(*)::int FROM contact_attempt WHERE account_id = ? AND user_id = ?",
                        (rs, row) -> rs.getInt(1), accountId, userId))));
        // the holder commits only once PostgreSQL shows the lock waited for: the read is sent, not yet run
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity "
                + "WHERE wait_event_type = 'Lock' AND query LIKE '%FROM user_factor WHERE account_id = $1 AND user_id = $2 "
                + "FOR UPDATE%'", Integer.class) > 0);
        assertThat(waiter).isNotDone();
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);

        UserFactors.Locked<UserFactor, Integer> seen = waiter.get(10, TimeUnit.SECONDS);
        assertThat(seen.factor().userId()).isEqualTo(userId);
        assertThat(seen.then()).as("the contact the lock's previous holder committed").containsExactly(1);
    }

    @Test
    void aFirstStatementThatFailsKeepsTheSecondFromRunningAndIsTheCallersError() {
        provisioned(AuthType.PHONEFACTOR, null);

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> OneRoundTrip.run(jdbc,
                Statement.of("SELECT 1 / (count(*)::int - count(*)::int) FROM user_factor WHERE user_id = ?",
                        (rs, row) -> rs.getInt(1), userId),
                Statement.of("INSERT INTO contact_attempt (account_id, user_id, kind, attempted_at) "
                        + "VALUES (?, ?, 'CALL', now()) RETURNING id", (rs, row) -> rs.getLong(1), accountId, userId))))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("division by zero");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM contact_attempt WHERE account_id = ? AND user_id = ?",
                Integer.class, accountId, userId)).isZero();
    }

    @Test
    void bothAnswersComeBackEachInItsOwnList() {
        provisioned(AuthType.PHONEFACTOR, null);

        OneRoundTrip.Answers<String, Integer> answers = transactions.execute(tx -> OneRoundTrip.run(jdbc,
                Statement.of("SELECT user_id FROM user_factor WHERE account_id = ? AND user_id = ?",
                        (rs, row) -> rs.getString(1), accountId, userId),
                Statement.of("SELECT g FROM generate_series(1, ?) g", (rs, row) -> rs.getInt(1), 3)));

        assertThat(answers.first()).containsExactly(userId);
        assertThat(answers.second()).containsExactly(1, 2, 3);
    }

    @Test
    void aStatementWithItsOwnSemicolonIsRefusedBeforeItIsSent() {
        assertThatThrownBy(() -> Statement.of("SELECT 1;", (rs, row) -> 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
