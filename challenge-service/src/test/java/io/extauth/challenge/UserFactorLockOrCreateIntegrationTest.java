package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.lifecycle.LifecycleState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link UserFactors#lockOrCreate}: a missing row is created in state NONE, an existing one is locked without a new row
 * version, and of two transactions that create the same user at once the second waits and gets the first's row.
 */
class UserFactorLockOrCreateIntegrationTest extends IntegrationTestBase {

    @Autowired
    UserFactors factors;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void anExistingRowIsLockedWithoutWritingANewVersionOfIt() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UserFactor created = factors.lockOrCreate(accountId, userId, now);
        assertThat(created.state()).isEqualTo(LifecycleState.NONE);
        long xmin = rowVersion();

        UserFactor again = factors.lockOrCreate(accountId, userId, now.plusSeconds(1));

        assertThat(again).isEqualTo(created);
        assertThat(rowVersion()).as("the transaction that wrote the row's current version").isEqualTo(xmin);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM user_factor WHERE account_id = ? AND user_id = ?",
                Integer.class, accountId, userId)).isEqualTo(1);
    }

    @Test
    void ofTwoCreatingTheSameUserAtOnceTheSecondWaitsForTheFirstAndGetsItsRow() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<UserFactor> first = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
            UserFactor row = factors.lockOrCreate(accountId, userId, now);
            firstHolds.countDown();
            awaitReleased(release);
            return row;
        }));
        assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<UserFactor> second = CompletableFuture.supplyAsync(() -> transactions.execute(status ->
                factors.lockOrCreate(accountId, userId, now.plusSeconds(1))));

        // the second waits on the first's uncommitted row
        Thread.sleep(Duration.ofMillis(300).toMillis());
        assertThat(second).isNotDone();
        release.countDown();

        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(first.get(30, TimeUnit.SECONDS));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM user_factor WHERE account_id = ? AND user_id = ?",
                Integer.class, accountId, userId)).isEqualTo(1);
    }

    @Test
    void aLockedRowKeepsASecondLockerWaitingUntilTheFirstCommits() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        factors.lockOrCreate(accountId, userId, now);
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            factors.lockOrCreate(accountId, userId, now);
            firstHolds.countDown();
            awaitReleased(release);
            jdbc.update("UPDATE user_factor SET consecutive_failures = 3, version = version + 1"
                    + " WHERE account_id = ? AND user_id = ?", accountId, userId);
        }));
        assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<UserFactor> second = CompletableFuture.supplyAsync(() -> transactions.execute(status ->
                factors.lockOrCreate(accountId, userId, now)));

        Thread.sleep(Duration.ofMillis(300).toMillis());
        assertThat(second).as("the SELECT's lock waits for the first transaction").isNotDone();
        release.countDown();
        first.get(30, TimeUnit.SECONDS);

        assertThat(second.get(30, TimeUnit.SECONDS).consecutiveFailures()).as("the row as the first committed it")
                .isEqualTo(3);
    }

    private long rowVersion() {
        return jdbc.queryForObject("SELECT xmin::text::bigint FROM user_factor WHERE account_id = ? AND user_id = ?",
                Long.class, accountId, userId);
    }
}
