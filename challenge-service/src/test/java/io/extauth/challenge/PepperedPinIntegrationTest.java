package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.factor.adapter.LegacyHashUpgrade;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.testsupport.VendorSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Issue 11, finding 8: PIN hashes were plain bcrypt, so a leaked table gave 4-digit PINs away in 10⁴ guesses. */
class PepperedPinIntegrationTest extends IntegrationTestBase {

    @Autowired
    LegacyHashUpgrade upgrade;

    @Test
    void aPinIsStoredPepperedSoTheBcryptOfTheRightPinIsNotInTheTable() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);

        String stored = pinHash();

        assertThat(stored).startsWith("{hmac-bcrypt}$2a$10$");
        String salt = stored.substring("{hmac-bcrypt}".length(), "{hmac-bcrypt}".length() + 29);
        assertThat(stored).doesNotContain(BCrypt.hashpw(PIN, salt).substring(29));
    }

    @Test
    void aPlainBcryptHashFromBeforeThePepperIsUpgradedInPlaceAndTheUserStillLogsInWithTheirPin() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        jdbc.update("UPDATE user_factor SET pin_hash = ? WHERE account_id = ? AND user_id = ?",
                BCrypt.hashpw(PIN, BCrypt.gensalt(10)), accountId, userId);

        upgrade.upgrade();

        assertThat(pinHash()).startsWith("{hmac-bcrypt}");
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), PIN + "#");
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()))
                .outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
    }

    private String pinHash() {
        return jdbc.queryForObject("SELECT pin_hash FROM user_factor WHERE account_id = ? AND user_id = ?",
                String.class, accountId, userId);
    }
}
