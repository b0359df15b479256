package io.extauth.challenge.callback.adapter;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Signatures of callbacks taken, shared by every instance through the database. */
@Repository
class SeenSignatures {

    private final JdbcTemplate jdbc;

    SeenSignatures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time a signature is offered; false for a replay, also one racing on another instance. */
    boolean firstSeen(String signature, Instant signedAt) {
        return jdbc.update("INSERT INTO callback_signature (signature, signed_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                signature, Timestamp.from(signedAt)) == 1;
    }

    /** Lets a callback whose handling failed be delivered again, as a vendor retrying it would. */
    void forget(String signature) {
        jdbc.update("DELETE FROM callback_signature WHERE signature = ?", signature);
    }

    /** Rows signed before {@code before} can never be accepted again anyway: their timestamp is too old. */
    int purgeSignedBefore(Instant before) {
        return jdbc.update("DELETE FROM callback_signature WHERE signed_at < ?", Timestamp.from(before));
    }
}
