package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.extauth.challenge.database.adapter.OneRoundTrip;
import io.extauth.challenge.database.adapter.SqlRows;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.contract.AuthType;
import io.extauth.testsupport.NetworkRoundTrips;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger holderPid = new AtomicInteger();
            Future<?> holder = threads.submit(() -> transactions.executeWithoutResult(tx -> {
                factors.lock(accountId, userId);
                holderPid.set(jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class));
                jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, attempted_at) "
                        + "VALUES (?, ?, 'CALL', ?)", accountId, userId, Timestamp.from(clock.instant()));
                holding.countDown();
                awaitReleased(release);
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            Future<UserFactors.Locked<Integer>> waiter = threads.submit(() -> transactions.execute(tx ->
                    factors.lockThen(accountId, userId, SqlRows.of(
                            "SELECT count(*)::int FROM contact_attempt WHERE account_id = ? AND user_id = ?",
                            (rs, row) -> rs.getInt(1), accountId, userId))));
            // the holder commits only once PostgreSQL shows a backend blocked by it: the read is sent, not yet run
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT count(*) FROM "
                    + "pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))", Integer.class, holderPid.get()) > 0);
            assertThat(waiter).isNotDone();
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);

            UserFactors.Locked<Integer> seen = waiter.get(10, TimeUnit.SECONDS);
            assertThat(seen.factor().userId()).isEqualTo(userId);
            assertThat(seen.then()).as("the contact the lock's previous holder committed").containsExactly(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFirstStatementThatFailsKeepsTheSecondFromRunningAndIsTheCallersError() {
        provisioned(AuthType.PHONEFACTOR, null);
        // a sequence keeps its value through a rollback: only a second statement that never ran leaves it unused
        String sequence = "one_round_trip_probe_" + Math.abs(ThreadLocalRandom.current().nextLong());
        jdbc.execute("CREATE SEQUENCE " + sequence);
        try {
            assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> OneRoundTrip.run(jdbc,
                    SqlRows.of("SELECT 1 / (count(*)::int - count(*)::int) FROM user_factor WHERE user_id = ?",
                            (rs, row) -> rs.getInt(1), userId),
                    SqlRows.of("SELECT nextval('" + sequence + "')", (rs, row) -> rs.getLong(1)))))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("division by zero");

            assertThat(jdbc.queryForObject("SELECT is_called FROM " + sequence, Boolean.class))
                    .as("the second statement never ran").isFalse();
            transactions.executeWithoutResult(tx -> OneRoundTrip.run(jdbc, SqlRows.of("SELECT 1", (rs, row) -> 1),
                    SqlRows.of("SELECT nextval('" + sequence + "')", (rs, row) -> rs.getLong(1))));
            assertThat(jdbc.queryForObject("SELECT is_called FROM " + sequence, Boolean.class))
                    .as("the probe itself: after a first statement that ran").isTrue();
        } finally {
            jdbc.execute("DROP SEQUENCE " + sequence);
        }
    }

    @Test
    void twoStatementsThatAnswerWithTextAreOneRoundTripOnTheWireRunAfterRun() {
        provisioned(AuthType.PHONEFACTOR, null);
        String thread = Thread.currentThread().getName();
        // one transaction, so one connection: the driver describes a statement once it prepares it on the server (from
        // its first run in these tests, from its fifth by default) and goes by the description's widths from the next
        List<List<NetworkRoundTrips.Turn>> runs = transactions.execute(tx -> {
            List<List<NetworkRoundTrips.Turn>> sent = new ArrayList<>();
            for (int run = 0; run < 8; run++) {
                NetworkRoundTrips.reset();
                OneRoundTrip.Answers<String, String> answers = OneRoundTrip.run(jdbc,
                        SqlRows.of("SELECT user_id FROM user_factor WHERE account_id = ? AND user_id = ? FOR UPDATE",
                                (rs, row) -> rs.getString(1), accountId, userId),
                        SqlRows.of("SELECT state FROM user_factor WHERE user_id = ? AND updated_at < ?",
                                (rs, row) -> rs.getString(1), userId, Timestamp.from(clock.instant().plusSeconds(60))));
                assertThat(answers.first()).containsExactly(userId);
                assertThat(answers.second()).containsExactly("PROVISIONED");
                sent.add(NetworkRoundTrips.of(thread::equals));
            }
            return sent;
        });
        // 2 from the second run on while the arguments went untyped
        assertThat(runs).as("each run's round trips (the first with the transaction's start)")
                .allSatisfy(run -> assertThat(run).hasSize(1));
    }

    @Test
    void anArgumentWithoutATypeStillGetsItsAnswers() {
        provisioned(AuthType.PHONEFACTOR, null);

        OneRoundTrip.Answers<String, Integer> answers = transactions.execute(tx -> OneRoundTrip.run(jdbc,
                SqlRows.of("SELECT user_id FROM user_factor WHERE account_id = ? AND user_id = ? AND "
                        + "credential_id IS NOT DISTINCT FROM ?", (rs, row) -> rs.getString(1), accountId, userId,
                        null),
                SqlRows.of("SELECT g FROM generate_series(1, ?) g", (rs, row) -> rs.getInt(1), 2)));

        assertThat(answers.first()).as("a null, bound as JdbcTemplate binds it").containsExactly(userId);
        assertThat(answers.second()).containsExactly(1, 2);
    }

    @Test
    void bothAnswersComeBackEachInItsOwnList() {
        provisioned(AuthType.PHONEFACTOR, null);

        OneRoundTrip.Answers<String, Integer> answers = transactions.execute(tx -> OneRoundTrip.run(jdbc,
                SqlRows.of("SELECT user_id FROM user_factor WHERE account_id = ? AND user_id = ?",
                        (rs, row) -> rs.getString(1), accountId, userId),
                SqlRows.of("SELECT g FROM generate_series(1, ?) g", (rs, row) -> rs.getInt(1), 3)));

        assertThat(answers.first()).containsExactly(userId);
        assertThat(answers.second()).containsExactly(1, 2, 3);
    }

    @Test
    void aStatementWithItsOwnSemicolonIsRefusedBeforeItIsSent() {
        assertThatThrownBy(() -> SqlRows.of("SELECT 1;", (rs, row) -> 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
