package io.extauth.challenge.callback.adapter;

import io.extauth.challenge.database.adapter.BatchedDelete;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Signatures of callbacks taken, shared by every instance through the database. A signature is recorded as taken in
 * the statement that locks the user of the callback's challenge ({@code UserFactors.lockOwnerOfSigned}): taken once,
 * also when a replay races on another instance.
 */
@Repository
class SeenSignatures {

    private final JdbcTemplate jdbc;

    SeenSignatures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Lets a callback whose handling failed be delivered again, as a vendor retrying it would. */
    void forget(String signature) {
        jdbc.update("DELETE FROM callback_signature WHERE signature = ?", signature);
    }

    /**
     * Rows signed before {@code before} can never be accepted again anyway: their timestamp is too old. In batches
     * ({@link BatchedDelete}): a backlog in one statement could outlast the socket timeout and never be deleted.
     */
    int purgeSignedBefore(Instant before) {
        return BatchedDelete.rowsOf(jdbc, "callback_signature", "signed_at < ?", Timestamp.from(before)).all();
    }
}
