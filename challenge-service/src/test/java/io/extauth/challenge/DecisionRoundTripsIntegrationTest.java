package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.challenge.login.Challenge;
import io.extauth.challenge.login.ChallengeStatus;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.challenge.login.adapter.ChallengeDecisions;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.testsupport.NetworkRoundTrips;
import io.extauth.testsupport.VendorSimulator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What one login costs the database on the request path (issue 14): the round trips (statements, commits) of the
 * challenge request and of its answer, the vendor's callback or the code typed into the portal. Every check still
 * runs (row lock, contact limits, replay, reservation, the conditional decision); none of it is paid twice.
 */
class DecisionRoundTripsIntegrationTest extends IntegrationTestBase {

    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ChallengeDecisions decisions;
    @Autowired
    UserFactors factors;

    @Test
    void aPhoneCallLoginCostsAtMostFiveRoundTripsFromChallengeToDecision() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        // one login before: its statements prepared and described on the connections it used, as a running service's
        // are (the driver goes by a statement's description from its next run on the connection)
        String before = challenge("PORTAL").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(before), "#");
        topics().awaitEvent(ChallengeResult.class, r -> before.equals(r.challengeId()));

        RequestStatements.reset();
        NetworkRoundTrips.reset();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        int issuing = RequestStatements.count();
        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "#");
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        int deciding = RequestStatements.count() - issuing;
        List<NetworkRoundTrips.Turn> wire = onTheWire();

        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(jdbc.queryForMap("SELECT status, outcome, decided_at IS NOT NULL AS decided, code_hash FROM "
                + "challenge WHERE id = ?::uuid", challengeId)).as("the row, as the decision written with the commit "
                        + "left it").containsEntry("status", "SUCCEEDED").containsEntry("outcome", "SUCCEEDED")
                .containsEntry("decided", true).containsEntry("code_hash", null);
        assertThat(issuing + deciding).as("round trips: %d issuing (call placed), %d deciding the callback", issuing,
                deciding).isLessThanOrEqualTo(5); // 22, 19, 17 (the delivery settled by one DELETE), 14 (the user's row
                // read once, under its lock; the challenge and its delivery inserted by one statement; the callback's
                // signature recorded in the statement that locks the user), 11 (each transaction's events written
                // by the statement that commits it, the call recorded and its limits read by one statement), 8 (the
                // reads that follow a lock sent with it, OneRoundTrip: the open challenge behind the user's lock, the
                // call's record behind the number's lock, the callback's challenge behind its user's lock), 7 (the
                // challenge and its delivery inserted by the statement that commits the issue, AtCommit), 6 (a
                // decision that changes nothing but its challenge written by the statement that commits it), now 5:
                // the delivery's row removed by the settler with others, not by the vendor's thread
                // (DeliverySettlerIntegrationTest)
        assertThat(wire).as("what the driver sent: each statement the code sends with another in one round trip too")
                .hasSizeLessThanOrEqualTo(issuing + deciding); // 8 on the wire for 6 counted while OneRoundTrip's
                // statements were described (their arguments untyped) and the driver waited between them
    }

    @Test
    void aSymantecLoginCostsAtMostEightRoundTripsFromChallengeToDecision() {
        String credentialId = activeSymantecUser();

        RequestStatements.reset();
        NetworkRoundTrips.reset();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        int issuing = RequestStatements.count();
        String status = respond(challengeId, VendorSimulator.currentCode(credentialId)).getBody().path("status")
                .asText();
        int deciding = RequestStatements.count() - issuing;
        List<NetworkRoundTrips.Turn> wire = onTheWire();

        assertThat(status).isEqualTo("SUCCEEDED");
        assertThat(issuing + deciding).as("round trips: %d issuing, %d deciding the code", issuing, deciding)
                .isLessThanOrEqualTo(8); // 22 (7 + 15), 18, 16 (the user's row read once, under its lock; VIP's
                // verdict ends the reservation and reads the challenge in one statement), 15 (the attempt is counted
                // and reserved by one statement), 13 (each transaction's events written by the statement that
                // commits it), 10 (the reads that follow a lock sent with it, OneRoundTrip, at the issue and in both
                // of the answer's transactions), 9 (the challenge inserted by the statement that commits the issue,
                // AtCommit), now 8: a decision that changes nothing but its challenge written by the statement that
                // commits it
        assertThat(wire).as("what the driver sent: each statement the code sends with another in one round trip too")
                .hasSizeLessThanOrEqualTo(issuing + deciding); // 9 on the wire for 8 counted while OneRoundTrip's
                // statements were described
    }

    /** The round trips the requests' threads made on the wire since the reset. */
    private static List<NetworkRoundTrips.Turn> onTheWire() {
        return NetworkRoundTrips.of(RequestStatements::requestWork);
    }

    @Test
    void aChallengeRefusedByTheStatementThatCommitsTheIssueLeavesNothingBehindAndTheUserMayAskAgain() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        int contactsBefore = contacts();
        // refuses this user's new challenges; checked when the issue commits, the insert being sent with COMMIT
        jdbc.execute("ALTER TABLE challenge ADD CONSTRAINT test_refuses CHECK (user_id <> '" + userId + "') NOT VALID");
        ResponseEntity<JsonNode> refused;
        try {
            refused = challenge("PORTAL");
        } finally {
            jdbc.execute("ALTER TABLE challenge DROP CONSTRAINT test_refuses");
        }

        assertThat(refused.getStatusCode().is5xxServerError()).as("answered %s", refused.getStatusCode()).isTrue();
        assertThat(refused.getBody().path("status").asInt()).as("a problem response").isEqualTo(500);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE user_id = ?", Integer.class, userId))
                .isZero();
        assertThat(contacts()).as("the call's record, rolled back with it: it counts against no limit")
                .isEqualTo(contactsBefore);

        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        topics().awaitEvent(ChallengeIssued.class, issued -> challengeId.equals(issued.challengeId()));
        assertThat(topics().events(Topics.AUTH_CHALLENGE_ISSUED, event -> userId.equals(event.key())))
                .as("the one ChallengeIssued of the user: the refused issue's was rolled back")
                .singleElement().satisfies(event -> assertThat(event.text("challengeId")).isEqualTo(challengeId));
        assertThat(VendorSimulator.ringingCall(challengeId)).as("the second one's call placed").isNotNull();
    }

    @Test
    void aDecisionWrittenWithTheCommitThatFindsItsChallengeNoLongerPendingRollsBackWithItsResult() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String first = challenge("PORTAL").getBody().path("challengeId").asText();
        UUID id = UUID.fromString(first);
        Challenge readPending = jdbc.queryForObject("SELECT * FROM challenge WHERE id = ?", (rs, n) -> new Challenge(
                id, rs.getString("account_id"), rs.getString("user_id"), LoginChannel.valueOf(rs.getString("channel")),
                AuthType.valueOf(rs.getString("type")), PhoneFactorMethod.valueOf(rs.getString("method")),
                ChallengeStatus.valueOf(rs.getString("status")), null, null, rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), null, rs.getTimestamp("issued_at").toInstant(), null), id);
        assertThat(readPending.status()).isEqualTo(ChallengeStatus.PENDING);
        // a writer that did not take the user's lock decides it meanwhile: what the lock is there to rule out
        jdbc.update("UPDATE challenge SET status = 'NOT_DELIVERED', outcome = 'NOT_DELIVERED', decided_at = now() "
                + "WHERE id = ?", id);

        AtomicReference<ChallengeDecisions.Outcome> decided = new AtomicReference<>();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> decided.set(decisions.decideLocked(
                factors.lock(accountId, userId), readPending, Verdict.RIGHT).orElseThrow())))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("was not PENDING");
        assertThat(decided.get()).as("decided inside the transaction; refused by the statement that commits it")
                .isNotNull().extracting(ChallengeDecisions.Outcome::decidedNow).isEqualTo(true);

        assertThat(jdbc.queryForObject("SELECT outcome FROM challenge WHERE id = ?", String.class, id))
                .isEqualTo("NOT_DELIVERED");
        // the user's next login: its result follows any earlier one of the user's on the same partition
        String second = challenge("PORTAL").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(second), "#");
        topics().awaitEvent(ChallengeResult.class, r -> second.equals(r.challengeId()));
        assertThat(topics().events(Topics.AUTH_CHALLENGE_RESULT, event -> userId.equals(event.key())))
                .as("no result for the decision rolled back").extracting(event -> event.text("challengeId"))
                .containsExactly(second);
    }

    /** The user's contacts as the limits count them (the activation's verification call among them). */
    private int contacts() {
        return jdbc.queryForObject("SELECT count(*) FROM contact_attempt WHERE user_id = ?", Integer.class, userId);
    }
}
