package io.extauth.challenge.contact.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.MigratedSchema;
import io.extauth.challenge.contact.ContactKind;
import io.extauth.challenge.database.adapter.BatchedDelete;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The prune of contacts no limit reads any more ({@link ContactPrune}): each kind after its own window, and a backlog of
 * any size deleted run after run at once, a batch per statement, not a share every interval. Without Spring: a schema of
 * its own on the embedded PostgreSQL, migrated as the service migrates it.
 */
class ContactPruneIntegrationTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final MigratedSchema schema = new MigratedSchema();
    private final MigratedSchema.Counting jdbc = schema.jdbc();
    private final ContactLimitProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("extauth.contacts", ContactLimitProperties.class);
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    ContactPruneIntegrationTest() {
        scheduler.setPoolSize(1);
        scheduler.initialize();
    }

    @AfterEach
    void drop() {
        scheduler.shutdown();
        schema.drop();
    }

    @Test
    void eachKindIsKeptAsLongAsTheLongestWindowThatReadsItAndAMinute() {
        contact("call-11m", ContactKind.CALL, Duration.ofMinutes(11));
        contact("sms-11m", ContactKind.SMS, Duration.ofMinutes(11));
        contact("push-11m", ContactKind.PUSH, Duration.ofMinutes(11));
        contact("call-10m30s", ContactKind.CALL, Duration.ofSeconds(630));
        contact("push-9m", ContactKind.PUSH, Duration.ofMinutes(9));
        contact("verification-11m", ContactKind.VERIFICATION_CALL, Duration.ofMinutes(11));
        contact("verification-59m", ContactKind.VERIFICATION_CALL, Duration.ofMinutes(59));
        contact("verification-61m", ContactKind.VERIFICATION_CALL, Duration.ofMinutes(61));
        contact("failed-11m", ContactKind.FAILED_VERIFICATION, Duration.ofMinutes(11));
        contact("failed-23h", ContactKind.FAILED_VERIFICATION, Duration.ofHours(23));
        contact("failed-25h", ContactKind.FAILED_VERIFICATION, Duration.ofHours(25));

        prune(ContactPrune.SLICE).forgetOldContacts();

        // the logins' contacts are read within challenges.window (10 min) only: kept 11 min, not 24 h; a verification
        // call within the verification window (1 h); a failed verification within the failure window (24 h)
        assertThat(jdbc.queryForList("SELECT user_id FROM contact_attempt ORDER BY user_id", String.class))
                .containsExactly("call-10m30s", "failed-11m", "failed-23h", "push-9m", "verification-11m",
                        "verification-59m");
    }

    @Test
    void aBacklogLargerThanOneRunIsDeletedRunAfterRunWithoutWaitingForTheNextInterval() throws InterruptedException {
        int backlog = 2 * BatchedDelete.BATCH + 5;
        jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, destination_hash, attempted_at) "
                + "SELECT 'acct', 'user-' || n, 'CALL', 'hash', CAST(? AS timestamptz) - n * INTERVAL '1 s' "
                + "FROM generate_series(0, ?) n",
                Timestamp.from(NOW.minus(Duration.ofMinutes(20))), backlog - 1);
        contact("recent", ContactKind.CALL, Duration.ofMinutes(1));
        jdbc.updates.clear();
        // a run's time spent after its first batch: each run makes one, as a run through a backlog of millions
        // spends its slice
        ContactPrune prune = prune(Duration.ZERO);

        prune.forgetOldContacts();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (prune.running() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(prune.running()).as("the runs asked for at once are over").isFalse();
        assertThat(jdbc.queryForList("SELECT user_id FROM contact_attempt", String.class)).containsExactly("recent");
        // three runs, one batch each (the third finds fewer, then the other kinds' deletes find none)
        assertThat(jdbc.updates).as("rows per statement")
                .containsExactly(BatchedDelete.BATCH, BatchedDelete.BATCH, 5, 0, 0, 0, 0);
    }

    @Test
    void theDeleteOfAKindReadsThatKindsOldRowsThroughItsIndexNotTheKeptRowsOfThatAge() {
        // a login's old contacts among many kept failed verifications of the same age (the oldest rows of the table
        // once the logins' are gone), and the logins of the last ten minutes
        jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, attempted_at) "
                + "SELECT 'acct', 'user-' || n, CASE WHEN n % 10 = 0 THEN 'CALL' ELSE 'FAILED_VERIFICATION' END, "
                + "CAST(? AS timestamptz) - n * INTERVAL '1 s' FROM generate_series(1, 20000) n",
                Timestamp.from(NOW.minus(Duration.ofMinutes(15))));
        jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, attempted_at) "
                + "SELECT 'acct', 'user-' || n, 'SMS', CAST(? AS timestamptz) - n * INTERVAL '10 ms' "
                + "FROM generate_series(1, 20000) n", Timestamp.from(NOW));
        jdbc.execute("ANALYZE contact_attempt");
        BatchedDelete delete = new ContactAttempts(jdbc).olderThan(ContactKind.CALL,
                NOW.minus(defaults.retention(ContactKind.CALL)).minus(ContactPrune.CLOCK_MARGIN));

        String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + delete.sql(), String.class,
                delete.args(BatchedDelete.BATCH)));

        assertThat(plan).as(plan).contains("contact_attempt_kind_age").contains("Index Cond: ((kind = ")
                .doesNotContain("Filter: (kind");
    }

    @Test
    void theWindowsAreTheDefaults() {
        assertThat(List.of(defaults.retention(ContactKind.CALL), defaults.retention(ContactKind.SMS),
                defaults.retention(ContactKind.PUSH), defaults.retention(ContactKind.VERIFICATION_CALL),
                defaults.retention(ContactKind.FAILED_VERIFICATION))).containsExactly(Duration.ofMinutes(10),
                        Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(24));
    }

    private ContactPrune prune(Duration slice) {
        return new ContactPrune(new ContactAttempts(jdbc), defaults, Clock.fixed(NOW, ZoneOffset.UTC), scheduler,
                slice);
    }

    private void contact(String user, ContactKind kind, Duration ago) {
        jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, attempted_at) VALUES ('acct', ?, ?, ?)",
                user, kind.name(), Timestamp.from(NOW.minus(ago)));
    }
}
