package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.challenge.factor.FactorTransition;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.FactorTransitions;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.contract.AuthType;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link FactorTransitions#applyCreating} for a user never seen creates the row already moved, in one statement: the
 * same row and history as creating it in NONE and saving the move; and a user with a row, or one another transaction
 * is creating, is decided on that row as before.
 */
class FactorCreatedMovedIntegrationTest extends IntegrationTestBase {

    private static final Instant FIRST_ORDERED_AT = Instant.parse("2026-12-01T10:00:00Z");

    @Autowired
    FactorTransitions transitions;
    @Autowired
    UserFactors factors;
    @Autowired
    UserLifecycle lifecycle;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aFirstOrderCreatesTheSameRowAndHistoryAsCreatingTheUserAndSavingTheMove() {
        String created = "user-" + UUID.randomUUID();
        String saved = "user-" + UUID.randomUUID();

        FactorTransition result = transactions.execute(status -> transitions.applyCreating(accountId, created,
                factor -> factor.order(lifecycle, AuthType.SYMANTEC_VIP, "order-1", "VSST12345678", FIRST_ORDERED_AT, "first order")));
        transactions.executeWithoutResult(status -> {
            // the way every first order went before: the row created in NONE and locked, then the move saved
            UserFactor none = factors.lockOrCreate(accountId, saved, clock.instant());
            FactorTransition.Moved moved = (FactorTransition.Moved) none.order(lifecycle, AuthType.SYMANTEC_VIP,
                    "order-1", "VSST12345678", FIRST_ORDERED_AT, "first order");
            factors.save(moved.next(), moved.move(), moved.cause(), clock.instant());
        });

        assertThat(result).isInstanceOf(FactorTransition.Moved.class);
        UserFactor row = ((FactorTransition.Moved) result).next();
        assertThat(row.state()).isEqualTo(LifecycleState.ORDERED);
        assertThat(row.version()).isEqualTo(1);
        assertThat(row).isEqualTo(factors.find(accountId, created).orElseThrow());
        assertThat(storedRow(created)).isEqualTo(storedRow(saved));
        assertThat(history(created)).isEqualTo(history(saved)).containsExactly(
                Map.of("from_state", "NONE", "trigger", "ORDER", "to_state", "ORDERED", "cause", "first order"));
    }

    @Test
    void anOrderOfAUserWithARowIsDecidedOnThatRow() {
        transactions.executeWithoutResult(status -> transitions.applyCreating(accountId, userId,
                factor -> factor.order(lifecycle, AuthType.PHONEFACTOR, "order-1", null, FIRST_ORDERED_AT, "first order")));

        FactorTransition again = transactions.execute(status -> transitions.applyCreating(accountId, userId,
                factor -> factor.order(lifecycle, AuthType.SYMANTEC_VIP, "order-2", "VSST12345678", FIRST_ORDERED_AT.plusSeconds(60), "second order")));

        UserFactor row = factors.find(accountId, userId).orElseThrow();
        assertThat(((FactorTransition.Moved) again).next()).isEqualTo(row);
        assertThat(row.orderId()).isEqualTo("order-2");
        assertThat(row.type()).isEqualTo(AuthType.SYMANTEC_VIP);
        assertThat(row.version()).as("saved over the first order's row").isEqualTo(2);
        // a new order while ORDERED takes the earlier one's place with no move of the lifecycle: no history row
        assertThat(history(userId)).extracting(move -> move.get("cause")).containsExactly("first order");
    }

    @Test
    void anAnswerForAUserNeverSeenIsRefusedOnTheRowCreatedForItAsBefore() {
        FactorTransition result = transactions.execute(status -> transitions.applyCreating(accountId, userId,
                factor -> factor.provision(lifecycle, "order-1", true, "Provisioned")));

        assertThat(result).isInstanceOf(FactorTransition.Refused.class);
        UserFactor row = factors.find(accountId, userId).orElseThrow();
        assertThat(row.state()).isEqualTo(LifecycleState.NONE);
        assertThat(row.version()).isZero();
        assertThat(history(userId)).isEmpty();
    }

    @Test
    void aFirstOrderWhileAnotherTransactionCreatesTheUserWaitsAndIsDecidedOnItsRow() throws Exception {
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            transitions.applyCreating(accountId, userId,
                    factor -> factor.order(lifecycle, AuthType.PHONEFACTOR, "order-1", null, FIRST_ORDERED_AT, "first order"));
            firstHolds.countDown();
            awaitReleased(release);
        }));
        assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<FactorTransition> second = CompletableFuture.supplyAsync(() -> transactions.execute(
                status -> transitions.applyCreating(accountId, userId, factor -> factor.order(lifecycle,
                        AuthType.SYMANTEC_VIP, "order-2", "VSST12345678", FIRST_ORDERED_AT.plusSeconds(60), "second order"))));

        // the second's insert waits for the first's uncommitted row
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> Boolean.TRUE.equals(
                jdbc.queryForObject("""
                        SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                          WHERE wait_event_type = 'Lock' AND query LIKE 'WITH created AS (%INSERT INTO user_factor%')""",
                        Boolean.class)));
        assertThat(second).isNotDone();
        release.countDown();
        first.get(30, TimeUnit.SECONDS);

        UserFactor moved = ((FactorTransition.Moved) second.get(30, TimeUnit.SECONDS)).next();
        assertThat(moved.version()).as("saved over the first's row, not created").isEqualTo(2);
        assertThat(moved).isEqualTo(factors.find(accountId, userId).orElseThrow());
        assertThat(moved.orderId()).isEqualTo("order-2");
        assertThat(history(userId)).extracting(move -> move.get("cause")).containsExactly("first order");
    }

    private List<Map<String, Object>> history(String user) {
        return jdbc.queryForList("""
                SELECT from_state, trigger, to_state, cause FROM lifecycle_history
                WHERE account_id = ? AND user_id = ? ORDER BY seq""", accountId, user);
    }

    /** Every column of the user's row but whose it is and when it was written (the clock runs). */
    private Map<String, Object> storedRow(String user) {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM user_factor WHERE account_id = ? AND user_id = ?",
                accountId, user);
        row.remove("user_id");
        row.remove("updated_at");
        return row;
    }
}
