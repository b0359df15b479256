package io.extauth.challenge.login.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.MigratedSchema;
import io.extauth.challenge.database.adapter.BatchedDelete;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The expiry timer's forgetting of challenges an instance of the version before issue 12 left unissued deletes a
 * backlog of any size in one tick, and only those.
 */
class UnissuedChallengesIntegrationTest {

    private static final Instant BEFORE = Instant.parse("2026-12-07T12:00:00Z");

    private final MigratedSchema schema = new MigratedSchema();
    private final MigratedSchema.Counting jdbc = schema.jdbc();

    @AfterEach
    void drop() {
        schema.drop();
    }

    @Test
    void aBacklogOfMoreThanOneBatchIsForgottenInOneTickAtMostABatchPerStatement() {
        int backlog = BatchedDelete.BATCH + 1;
        challenges("unissued", "PENDING", "NULL", BEFORE.minusSeconds(60), backlog);
        challenges("issued", "PENDING", "created_at", BEFORE.minusSeconds(60), 1);
        challenges("decided", "SUCCEEDED", "NULL", BEFORE.minusSeconds(60), 1);
        challenges("young", "PENDING", "NULL", BEFORE, 1);
        jdbc.updates.clear();

        int forgotten = new Challenges(jdbc).deleteUnissuedCreatedBefore(BEFORE);

        assertThat(forgotten).isEqualTo(backlog);
        assertThat(jdbc.queryForList("SELECT user_id FROM challenge ORDER BY user_id", String.class))
                .containsExactly("decided-1", "issued-1", "young-1");
        assertThat(jdbc.updates).as("rows per statement").containsExactly(BatchedDelete.BATCH, 1);
    }

    private void challenges(String user, String status, String issuedAt, Instant createdAt, int count) {
        jdbc.update("INSERT INTO challenge (id, account_id, user_id, channel, type, method, status, created_at, "
                + "expires_at, issued_at) SELECT gen_random_uuid(), 'acct', ? || '-' || n, 'VPN', 'PHONEFACTOR', "
                + "'PHONE_CALL', ?, created_at, created_at + INTERVAL '2 min', " + issuedAt
                + " FROM generate_series(1, ?) n, (SELECT CAST(? AS timestamptz) AS created_at) c",
                user, status, count, Timestamp.from(createdAt));
    }
}
