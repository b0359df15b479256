package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.testsupport.VendorSimulator;
import org.junit.jupiter.api.Test;

/**
 * What one login costs the database on the request path (issue 14): the round trips (statements, commits) of the
 * challenge request and of its answer, the vendor's callback or the code typed into the portal. Every check still
 * runs (row lock, contact limits, replay, reservation, the conditional decision); none of it is paid twice.
 */
class DecisionRoundTripsIntegrationTest extends IntegrationTestBase {

    @Test
    void aPhoneCallLoginCostsAtMostEightRoundTripsFromChallengeToDecision() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);

        RequestStatements.reset();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        int issuing = RequestStatements.count();
        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "#");
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        int deciding = RequestStatements.count() - issuing;

        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(issuing + deciding).as("round trips: %d issuing (call placed), %d deciding the callback", issuing,
                deciding).isLessThanOrEqualTo(8); // 22, 19, 17 (the delivery settled by one DELETE), 14 (the user's row
                // read once, under its lock; the challenge and its delivery inserted by one statement; the callback's
                // signature recorded in the statement that locks the user), 11 (each transaction's events written
                // by the statement that commits it, the call recorded and its limits read by one statement), now 8:
                // the reads that follow a lock sent with it (OneRoundTrip): the open challenge behind the user's lock,
                // the call's record behind the number's lock, the callback's challenge behind its user's lock
    }

    @Test
    void aSymantecLoginCostsAtMostTenRoundTripsFromChallengeToDecision() {
        String credentialId = activeSymantecUser();

        RequestStatements.reset();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        int issuing = RequestStatements.count();
        String status = respond(challengeId, VendorSimulator.currentCode(credentialId)).getBody().path("status")
                .asText();
        int deciding = RequestStatements.count() - issuing;

        assertThat(status).isEqualTo("SUCCEEDED");
        assertThat(issuing + deciding).as("round trips: %d issuing, %d deciding the code", issuing, deciding)
                .isLessThanOrEqualTo(10); // 22 (7 + 15), 18, 16 (the user's row read once, under its lock; VIP's
                // verdict ends the reservation and reads the challenge in one statement), 15 (the attempt is counted
                // and reserved by one statement), 13 (each transaction's events written by the statement that
                // commits it), now 10: the reads that follow a lock sent with it (OneRoundTrip), at the issue and in
                // both of the answer's transactions
    }
}
