package io.extauth.challenge.contact.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.MigratedSchema;
import io.extauth.challenge.database.adapter.BatchedDelete;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The prune of contacts too old for any limit (ContactLimits.forgetOldContacts) deletes a backlog of any size. */
class ContactAttemptsIntegrationTest {

    private static final Instant CUTOFF = Instant.parse("2026-12-06T12:00:00Z");

    private final MigratedSchema schema = new MigratedSchema();
    private final MigratedSchema.Counting jdbc = schema.jdbc();

    @AfterEach
    void drop() {
        schema.drop();
    }

    @Test
    void aBacklogOfMoreThanOneBatchIsDeletedInOneRunAtMostABatchPerStatement() {
        int backlog = BatchedDelete.BATCH + 3;
        jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, destination_hash, attempted_at) "
                + "SELECT 'acct', 'user-' || n, 'CALL', 'hash', CAST(? AS timestamptz) - n * INTERVAL '1 s' "
                + "FROM generate_series(0, ?) n",
                Timestamp.from(CUTOFF), backlog - 1);
        jdbc.update("INSERT INTO contact_attempt (account_id, user_id, kind, destination_hash, attempted_at) "
                + "VALUES ('acct', 'recent', 'CALL', 'hash', ?)", Timestamp.from(CUTOFF.plusMillis(1)));
        jdbc.updates.clear();

        int deleted = new ContactAttempts(jdbc).deleteOlderThan(CUTOFF);

        assertThat(deleted).isEqualTo(backlog);
        assertThat(jdbc.queryForList("SELECT user_id FROM contact_attempt", String.class)).containsExactly("recent");
        assertThat(jdbc.updates).as("rows per statement").containsExactly(BatchedDelete.BATCH, 3);
    }
}
