package io.extauth.challenge.callback.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.MigratedSchema;
import io.extauth.challenge.database.adapter.BatchedDelete;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The minute's purge of callback signatures deletes a backlog of any size in one run, a batch per statement. */
class SeenSignaturesIntegrationTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final MigratedSchema schema = new MigratedSchema();
    private final MigratedSchema.Counting jdbc = schema.jdbc();

    @AfterEach
    void drop() {
        schema.drop();
    }

    @Test
    void aBacklogOfMoreThanOneBatchIsPurgedInOneRunAtMostABatchPerStatement() {
        int backlog = BatchedDelete.BATCH * 2 + 7;
        jdbc.execute("INSERT INTO callback_signature (signature, signed_at) SELECT 'old-' || n, "
                + "TIMESTAMPTZ '2026-12-07 11:00Z' - n * INTERVAL '1 ms' FROM generate_series(1, " + backlog + ") n");
        jdbc.update("INSERT INTO callback_signature (signature, signed_at) VALUES ('young', ?)", Timestamp.from(NOW));
        jdbc.updates.clear();

        int purged = new SeenSignatures(jdbc).purgeSignedBefore(NOW.minusSeconds(60));

        assertThat(purged).isEqualTo(backlog);
        assertThat(jdbc.queryForList("SELECT signature FROM callback_signature", String.class))
                .containsExactly("young");
        assertThat(jdbc.updates).as("rows per statement")
                .containsExactly(BatchedDelete.BATCH, BatchedDelete.BATCH, 7);
    }
}
