package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.FactorChange;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FactorSettingsChanged;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * Issue 11, finding 6: a portal token alone no longer weakens or moves an active factor. Dropping the PIN, replacing
 * a phone or setting INACTIVE needs a challenge the user passed in the last 5 minutes, or an admin of the account;
 * while the user is locked only an admin changes anything. Every change that is saved says what changed.
 */
class FactorChangeProofIntegrationTest extends IntegrationTestBase {

    @Test
    void thePortalCannotDropThePinWithoutARecentlyPassedChallengeAndNothingChanges() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);

        ResponseEntity<JsonNode> refused = saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null);

        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getBody().path("type").asText()).endsWith("/recent-challenge-required");
        assertThat(refused.getBody().path("detail").asText()).contains("POST /api/challenges", "5 minutes");
        assertThat(refused.getBody().path("changes").get(0).asText()).isEqualTo("PIN_REMOVED");
        assertUnchanged(PhoneFactorMethod.PHONE_CALL_PIN);
        assertOnlySettingsChangeIsTheNextOne();
    }

    @Test
    void thePortalDropsThePinAfterTheUserPassedAChallengeAndTheEventSaysWhatChanged() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        passChallenge(PIN + "#");

        ResponseEntity<JsonNode> saved = saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null);

        assertThat(saved.getStatusCode().value()).isEqualTo(200);
        assertThat(saved.getBody().path("method").asText()).isEqualTo("PHONE_CALL_STANDARD");
        assertThat(saved.getBody().path("pinSet").asBoolean()).isFalse();
        RecordedEvent record = topics().awaitRecord(FactorSettingsChanged.class, userId);
        FactorSettingsChanged changed = record.as(FactorSettingsChanged.class);
        assertThat(changed.changes()).containsExactly(FactorChange.PIN_REMOVED, FactorChange.METHOD);
        assertThat(record.value()).doesNotContain(PIN);
        assertThat(changed.changedBy()).isEqualTo("portal");
    }

    @Test
    void aChallengePassedLongerAgoThanTheWindowIsNoProof() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        passChallenge(PIN + "#");
        clock.advance(Duration.ofMinutes(6));

        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null).getStatusCode().value())
                .isEqualTo(403);
        assertUnchanged(PhoneFactorMethod.PHONE_CALL_PIN);
    }

    @Test
    void aVpnLoginTheUserPassedIsNoProofForThePortalAPortalChallengeIs() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        // the user's daily VPN login, while someone holds their portal session
        String vpn = challenge("VPN").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(vpn), PIN + "#");
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> vpn.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);

        ResponseEntity<JsonNode> refused = saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null);

        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getBody().path("type").asText()).endsWith("/recent-challenge-required");
        assertUnchanged(PhoneFactorMethod.PHONE_CALL_PIN);
        passChallenge(PIN + "#");
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null).getStatusCode().value())
                .as("with a portal challenge passed").isEqualTo(200);
    }

    @Test
    void aVerificationStartedBeforeTheActivationCannotReplaceThePhoneOnceTheFactorIsActive() {
        provisioned(AuthType.PHONEFACTOR, null);
        String own = startVerification(newNationalNumber());
        VendorSimulator.answer(VendorSimulator.ringingCall(own), "#");
        // someone with the portal session starts a second call to their own number while no proof is needed yet
        String other = startVerification(newNationalNumber());
        String ringing = VendorSimulator.ringingCall(other);
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null).getStatusCode().value())
                .isEqualTo(200);
        String before = status().path("primaryPhoneMasked").asText();

        VendorSimulator.answer(ringing, "#");

        JsonNode late = get(userPath("/phonefactor/phones/verifications/" + other), TestJwt.portal()).getBody();
        assertThat(late.path("status").asText()).isEqualTo("FAILED");
        assertThat(late.path("reason").asText()).contains("activated while the phone rang");
        assertThat(status().path("primaryPhoneMasked").asText()).isEqualTo(before);
        assertThat(assertThatEvents(topics().events()).of(FactorSettingsChanged.class,
                e -> userId.equals(e.userId()))).isEmpty();
    }

    @Test
    void aVerificationOfTheOldSetUpAnsweredAfterADeactivationAndANewOrderSavesNothing() {
        provisioned(AuthType.PHONEFACTOR, null);
        String old = startVerification(newNationalNumber());
        String ringing = VendorSimulator.ringingCall(old);
        assertThat(post(userPath("/deactivate"), TestJwt.admin(accountId), Map.of()).getStatusCode().value())
                .isEqualTo(200);
        provisioned(AuthType.PHONEFACTOR, null);

        VendorSimulator.answer(ringing, "#");

        JsonNode late = get(userPath("/phonefactor/phones/verifications/" + old), TestJwt.portal()).getBody();
        assertThat(late.path("status").asText()).isEqualTo("FAILED");
        assertThat(late.path("reason").asText()).contains("set-up changed while the phone rang");
        assertThat(status().has("primaryPhoneMasked")).as("the new set-up has no phone of the old one").isFalse();
    }

    private String startVerification(String number) {
        ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", number));
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        return started.getBody().path("verificationId").asText();
    }

    @Test
    void thePortalCannotMoveThePrimaryPhoneOfAnActiveFactorWithoutProofAndNoCallIsPlaced() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String before = status().path("primaryPhoneMasked").asText();
        String attacker = newNationalNumber();

        ResponseEntity<JsonNode> refused = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", attacker));

        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getBody().path("type").asText()).endsWith("/recent-challenge-required");
        assertThat(refused.getBody().path("changes").get(0).asText()).isEqualTo("PRIMARY_PHONE_CHANGED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM phone_verification WHERE account_id = ? AND user_id = ?",
                Integer.class, accountId, userId)).as("only the verification of the set-up").isEqualTo(1);
        assertThat(status().path("primaryPhoneMasked").asText()).isEqualTo(before);
    }

    @Test
    void thePortalMovesThePrimaryPhoneAfterAPassedChallengeAndTheEventShowsTheNewNumberMasked() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        passChallenge("#");
        String number = newNationalNumber();

        ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", number));
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        VendorSimulator.answer(VendorSimulator.ringingCall(started.getBody().path("verificationId").asText()), "#");

        RecordedEvent record = topics().awaitRecord(FactorSettingsChanged.class, userId);
        FactorSettingsChanged changed = record.as(FactorSettingsChanged.class);
        assertThat(changed.changes()).containsExactly(FactorChange.PRIMARY_PHONE_CHANGED);
        assertThat(record.value()).doesNotContain(number);
        assertThat(changed.phoneMasked()).isEqualTo("+1 ***-***-" + number.substring(6));
    }

    @Test
    void thePortalCannotSetStatusInactiveWithoutProof() {
        activatePhoneFactor(PhoneFactorMethod.SMS_ONE_TIME);

        ResponseEntity<JsonNode> refused = saveSettings(TestJwt.portal(), "INACTIVE", "SMS_ONE_TIME", null);

        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getBody().path("changes").get(0).asText()).isEqualTo("SUSPENDED");
        assertThat(status().path("settingsStatus").asText()).isEqualTo("ACTIVE");
        assertThat(challenge("PORTAL").getStatusCode().value()).as("still challenged").isEqualTo(201);
    }

    @Test
    void anAdminOfTheAccountWeakensAndMovesWithoutProofAndAnAdminOfAnotherAccountMayNot() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);

        ResponseEntity<JsonNode> stranger = saveSettings(TestJwt.admin("another-account"), "INACTIVE",
                "PHONE_CALL_STANDARD", null);
        // another account's user looks missing to an admin (AccountAccess.requireVisibleAccount)
        assertThat(stranger.getStatusCode().value()).isEqualTo(404);
        assertUnchanged(PhoneFactorMethod.PHONE_CALL_PIN);
        assertThat(post(userPath("/phonefactor/phones"), TestJwt.admin("another-account"),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber())).getStatusCode().value())
                .isEqualTo(404);

        ResponseEntity<JsonNode> admin = saveSettings(TestJwt.admin(accountId), "INACTIVE", "PHONE_CALL_STANDARD",
                null);
        assertThat(admin.getStatusCode().value()).isEqualTo(200);
        assertThat(admin.getBody().path("settingsStatus").asText()).isEqualTo("INACTIVE");
        assertThat(admin.getBody().path("pinSet").asBoolean()).isFalse();
        assertThat(post(userPath("/phonefactor/phones"), TestJwt.admin(accountId),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber())).getStatusCode().value())
                .isEqualTo(202);
        FactorSettingsChanged changed = topics().awaitEvent(FactorSettingsChanged.class, userId);
        assertThat(changed.changes()).containsExactly(FactorChange.PIN_REMOVED, FactorChange.METHOD,
                FactorChange.SUSPENDED);
        assertThat(changed.changedBy()).isEqualTo("admin-" + accountId);
    }

    @Test
    void whileLockedThePortalChangesNothingEvenWithProofAndAnAdminStillCan() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        passChallenge(PIN + "#");
        for (int i = 0; i < 5; i++) {
            failChallenge();
        }
        assertThat(status().path("state").asText()).isEqualTo("LOCKED");

        ResponseEntity<JsonNode> portal = saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null);
        ResponseEntity<JsonNode> harmless = saveSettings(TestJwt.portal(), "ACTIVE", "APP_PIN", null);
        ResponseEntity<JsonNode> phone = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "SECONDARY", "countryCode", "1", "number", newNationalNumber()));

        for (ResponseEntity<JsonNode> refused : List.of(portal, harmless, phone)) {
            assertThat(refused.getStatusCode().value()).isEqualTo(423);
            assertThat(refused.getBody().path("type").asText()).endsWith("/locked");
            assertThat(refused.getBody().path("detail").asText()).contains("only an admin");
            assertThat(refused.getBody().path("lockedUntil").asText()).isNotBlank();
        }
        assertUnchanged(PhoneFactorMethod.PHONE_CALL_PIN);

        ResponseEntity<JsonNode> admin = saveSettings(TestJwt.admin(accountId), "ACTIVE", "PHONE_CALL_STANDARD", null);
        assertThat(admin.getStatusCode().value()).isEqualTo(200);
        assertThat(admin.getBody().path("method").asText()).isEqualTo("PHONE_CALL_STANDARD");
        assertThat(admin.getBody().path("state").asText()).isEqualTo("LOCKED");
    }

    @Test
    void aSaveRefusedForItsRulesItsProofOrTheLockHashesNoPin() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);

        ResponseEntity<JsonNode> invalid = saveSettings(TestJwt.portal(), "PAUSED", "PHONE_CALL_PIN", "52719406");
        ResponseEntity<JsonNode> noProof = saveSettings(TestJwt.portal(), "INACTIVE", "PHONE_CALL_PIN", "52719407");
        passChallenge(PIN + "#");
        for (int i = 0; i < 5; i++) {
            failChallenge();
        }
        ResponseEntity<JsonNode> locked = saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_PIN", "52719408");

        assertThat(invalid.getStatusCode().value()).isEqualTo(422);
        assertThat(noProof.getStatusCode().value()).isEqualTo(403);
        assertThat(locked.getStatusCode().value()).isEqualTo(423);
        // bcrypt costs ~70 ms of a core on purpose: a caller's refused saves must not make the service spend it
        assertThat(List.of("52719406", "52719407", "52719408")).noneMatch(HashedSecrets::hashed);
        assertUnchanged(PhoneFactorMethod.PHONE_CALL_PIN);

        ResponseEntity<JsonNode> admin = saveSettings(TestJwt.admin(accountId), "ACTIVE", "PHONE_CALL_PIN", "52719409");
        assertThat(admin.getStatusCode().value()).isEqualTo(200);
        assertThat(HashedSecrets.hashed("52719409")).as("a save that is allowed hashes its PIN").isTrue();
    }

    @Test
    void aChallengePassedBeforeALockIsNoProofAfterTheUnlockAndOnePassedAfterItIs() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        passChallenge(PIN + "#");
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            failChallenge();
        }
        assertThat(status().path("state").asText()).isEqualTo("LOCKED");
        clock.advance(Duration.ofSeconds(1));
        assertThat(post(userPath("/unlock"), TestJwt.admin(accountId), Map.of()).getStatusCode().value())
                .isEqualTo(200);
        assertThat(status().path("state").asText()).isEqualTo("ACTIVE");

        // within the proof window of the success before the lock: a stolen session must not drop the PIN with it
        ResponseEntity<JsonNode> refused = saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getBody().path("type").asText()).endsWith("/recent-challenge-required");
        assertUnchanged(PhoneFactorMethod.PHONE_CALL_PIN);

        clock.advance(Duration.ofSeconds(1));
        passChallenge(PIN + "#");
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void aChallengePassedBeforeAnAdminReplacedThePhoneIsNoProofAfterItAndOnePassedAfterItIs() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        // a thief with the password and the user's old phone signs in: passed
        passChallenge("#");
        clock.advance(Duration.ofSeconds(1));
        // the admin, told the phone was stolen, replaces it with the user's new one
        ResponseEntity<JsonNode> replaced = post(userPath("/phonefactor/phones"), TestJwt.admin(accountId),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
        VendorSimulator.answer(VendorSimulator.ringingCall(replaced.getBody().path("verificationId").asText()), "#");
        topics().awaitEvent(FactorSettingsChanged.class, userId);
        clock.advance(Duration.ofSeconds(1));

        // within the 5 minutes of the thief's success: the thief's session must not move the phone back
        ResponseEntity<JsonNode> moveBack = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
        assertThat(moveBack.getStatusCode().value()).isEqualTo(403);
        assertThat(moveBack.getBody().path("type").asText()).endsWith("/recent-challenge-required");
        assertThat(saveSettings(TestJwt.portal(), "INACTIVE", "PHONE_CALL_STANDARD", null).getStatusCode().value())
                .isEqualTo(403);

        clock.advance(Duration.ofSeconds(1));
        passChallenge("#"); // on the new phone: the user
        assertThat(saveSettings(TestJwt.portal(), "INACTIVE", "PHONE_CALL_STANDARD", null).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void theUsersOwnChangesMadeWithOneProofLeaveItForTheNext() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        passChallenge(PIN + "#");

        assertThat(saveSettings(TestJwt.portal(), "INACTIVE", "PHONE_CALL_PIN", null).getStatusCode().value())
                .isEqualTo(200);
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_PIN", null).getStatusCode().value())
                .isEqualTo(200);
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_STANDARD", null).getStatusCode().value())
                .as("dropping the PIN after the user's own suspension, with the same sign-in's proof").isEqualTo(200);
    }

    @Test
    void strengtheningNeedsNoProofAddingAPinAndFillingTheEmptySecondarySlot() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);

        ResponseEntity<JsonNode> pin = saveSettings(TestJwt.portal(), "ACTIVE", "PHONE_CALL_PIN", "60418253");
        ResponseEntity<JsonNode> secondary = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "SECONDARY", "countryCode", "1", "number", newNationalNumber()));

        assertThat(pin.getStatusCode().value()).isEqualTo(200);
        assertThat(pin.getBody().path("pinSet").asBoolean()).isTrue();
        assertThat(secondary.getStatusCode().value()).isEqualTo(202);
        RecordedEvent record = topics().awaitRecord(FactorSettingsChanged.class, userId);
        assertThat(record.as(FactorSettingsChanged.class).changes()).containsExactly(FactorChange.PIN_ADDED,
                FactorChange.METHOD);
        assertThat(record.value()).doesNotContain("60418253");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private ResponseEntity<JsonNode> saveSettings(String token, String status, String method, String pin) {
        Map<String, Object> body = new HashMap<>(Map.of("status", status, "method", method));
        if (pin != null) {
            body.put("pin", pin);
        }
        return put(userPath("/phonefactor/settings"), token, body);
    }

    /** The user passes a challenge by phone call, answering with {@code keys}. */
    private void passChallenge(String keys) {
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), keys);
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);
    }

    private void failChallenge() {
        // six calls in a row are beyond the contact limits (5 per 10 minutes): this test is about the lock, not those
        jdbc.update("DELETE FROM contact_attempt WHERE account_id = ? AND user_id = ?", accountId, userId);
        String challengeId = challenge("VPN").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "9#");
        topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
    }

    private void assertUnchanged(PhoneFactorMethod method) {
        JsonNode status = status();
        assertThat(status.path("method").asText()).isEqualTo(method.name());
        assertThat(status.path("pinSet").asBoolean()).isEqualTo(method.needsPin());
        assertThat(status.path("settingsStatus").asText()).isEqualTo("ACTIVE");
    }

    /**
     * Events of one user are ordered on the topic: after a change an admin makes, the first FactorSettingsChanged of
     * the user must be that change's, so nothing was published for an earlier refused one.
     */
    private void assertOnlySettingsChangeIsTheNextOne() {
        assertThat(saveSettings(TestJwt.admin(accountId), "ACTIVE", "APP_PIN", null).getStatusCode().value())
                .isEqualTo(200);
        FactorSettingsChanged first = topics().awaitEvent(FactorSettingsChanged.class, userId);
        assertThat(first.method()).isEqualTo(PhoneFactorMethod.APP_PIN);
    }
}
