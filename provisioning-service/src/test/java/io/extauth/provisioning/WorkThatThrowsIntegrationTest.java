package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.messaging.work.Claim;
import io.extauth.messaging.work.WorkQueue;
import io.extauth.messaging.work.WorkRunner;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An order whose work throws (an outcome that cannot be recorded, a bug) is put off, its lease given back, instead of
 * being claimed again, and its vendor called again, every time its lease runs out. The row is worked by a runner of
 * the test's own on the service's queue, its clock an hour ahead: the service's worker never claims it.
 */
class WorkThatThrowsIntegrationTest extends ProvisioningIntegrationTestBase {

    private static final Duration AHEAD = Duration.ofHours(1);

    @Autowired
    TransactionTemplate transactions;

    @Test
    @SuppressWarnings("unchecked")
    void anOrderWhoseWorkThrowsIsPutOffAMinuteInsteadOfClaimedAgainWhenItsLeaseRunsOut() throws InterruptedException {
        String orderId = "o-" + UUID.randomUUID();
        Instant due = Instant.now().plus(AHEAD);
        jdbc.update("""
                INSERT INTO provisioning (order_id, account_id, user_id, type, email, ordered_at, status, attempts,
                                          next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, 'PHONEFACTOR', 'jane.doe@example.com', ?, 'PENDING', 0, ?, ?, ?)""", orderId, ACCOUNT,
                newUser(), Timestamp.from(Instant.now()), Timestamp.from(due), Timestamp.from(due),
                Timestamp.from(due));
        WorkQueue<ProvisioningRecord> queue = (WorkQueue<ProvisioningRecord>) beans.getBean("provisioningRecords");
        WorkRunner<ProvisioningRecord> runner = new WorkRunner<>("throwing", queue, 1, Duration.ofSeconds(10),
                transactions, Clock.offset(Clock.systemUTC(), AHEAD));
        Consumer<Claim<ProvisioningRecord>> throwing = work -> {
            if (work.key().equals(orderId)) {
                throw new IllegalStateException("an outcome that cannot be recorded");
            }
            // another row due within the hour: left to its lease
        };
        try {
            await("claimed, failed and put off").atMost(Duration.ofSeconds(5)).until(() -> {
                runner.poll(throwing);
                return putOff(orderId);
            });

            Map<String, Object> row = row(orderId);
            assertThat(row.get("attempts")).as("claimed once").isEqualTo(1);
            assertThat(((Timestamp) row.get("next_attempt_at")).toInstant()).as("a minute after the failure")
                    .isAfter(due.plusSeconds(50));
        } finally {
            runner.shutdown();
            jdbc.update("DELETE FROM provisioning WHERE order_id = ?", orderId);
        }
    }

    /** Whether the row's lease was given back and its next attempt put off beyond when it was due. */
    private boolean putOff(String orderId) {
        Map<String, Object> row = row(orderId);
        return row.get("lease_token") == null && row.get("lease_until") == null
                && ((Timestamp) row.get("next_attempt_at")).toInstant().isAfter(Instant.now().plus(AHEAD));
    }
}
