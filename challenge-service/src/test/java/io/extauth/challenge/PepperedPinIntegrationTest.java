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
import org.springframework.transaction.support.TransactionTemplate;

/** Issue 11, finding 8: PIN hashes were plain bcrypt, so a leaked table gave 4-digit PINs away in 10⁴ guesses. */
class PepperedPinIntegrationTest extends IntegrationTestBase {

    @Autowired
    LegacyHashUpgrade upgrade;

    @Autowired
    TransactionTemplate transactions;

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

    @Test
    void theStartsUpgradeReadsOnlyPendingChallengesThroughTheirIndexNotTheWholeHistoryOfLogins() {
        activatePhoneFactor(PhoneFactorMethod.SMS_ONE_TIME);
        String pending = challenge("PORTAL").getBody().path("challengeId").asText();
        String legacy = BCrypt.hashpw("123456", BCrypt.gensalt(4));
        jdbc.update("UPDATE challenge SET code_hash = ? WHERE id = ?::uuid", legacy, pending);
        String decidedLong = BCrypt.hashpw("654321", BCrypt.gensalt(4));
        jdbc.update("INSERT INTO challenge (id, account_id, user_id, channel, type, method, status, outcome, "
                + "code_hash, created_at, expires_at, decided_at) SELECT gen_random_uuid(), account_id, user_id, "
                + "'VPN', type, method, 'EXPIRED', 'EXPIRED', ?, created_at, expires_at, now() FROM challenge "
                + "WHERE id = ?::uuid", decidedLong, pending);

        upgrade.upgrade();

        assertThat(jdbc.queryForObject("SELECT code_hash FROM challenge WHERE id = ?::uuid", String.class, pending))
                .startsWith("{hmac-bcrypt}");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE code_hash = ?", Integer.class,
                decidedLong)).as("a decided row's hash is never read again: left").isOne();
        // the plan, with a scan of the table made as dear as the planner allows: an index of the pending rows
        // (challenge_pending or challenge_open, both partial on status = 'PENDING'), read as an index scan or, when
        // the shared database's statistics count more pending rows, as a bitmap of it (CI saw "Bitmap Index Scan on
        // challenge_open" once)
        String plan = transactions.execute(tx -> {
            jdbc.execute("SET LOCAL enable_seqscan = off");
            return String.join("\n", jdbc.queryForList("EXPLAIN " + LegacyHashUpgrade.legacyHashes("challenge",
                    "code_hash", LegacyHashUpgrade.PENDING), String.class));
        });
        assertThat(plan).containsPattern("Index Scan (using|on) challenge_(pending|open)").doesNotContain("Seq Scan");
    }

    private String pinHash() {
        return jdbc.queryForObject("SELECT pin_hash FROM user_factor WHERE account_id = ? AND user_id = ?",
                String.class, accountId, userId);
    }
}
