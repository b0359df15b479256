package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.FactorSettingsChanged;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ResponseEntity;

/**
 * Issue 5's end-to-end paths: every PhoneFactor method and Symantec from provisioning (events on the real broker) to
 * {@code Activated} through the vendor simulator, each proved by one successful challenge; the refusals on the way;
 * suspension, PIN reset, deactivation and a new order.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActivationEndToEndIntegrationTest extends IntegrationTestBase {

    /** Eight digits, so that it cannot turn up by chance in a log line or an id. */
    static final String PIN = "73915062";
    static final Pattern ONE_TIME_CODE = Pattern.compile("\\b(\\d{6})\\b");

    @ParameterizedTest(name = "{0} goes from provisioning to Activated and its first challenge succeeds")
    @EnumSource(PhoneFactorMethod.class)
    void eachPhoneFactorMethodGoesFromProvisioningToActivatedAndItsFirstChallengeSucceeds(PhoneFactorMethod method,
            CapturedOutput output) {
        String orderId = order(AuthType.PHONEFACTOR, null);
        assertThat(status().path("phoneFactorSettingsAvailable").asBoolean()).isFalse();
        provision(AuthType.PHONEFACTOR, orderId);
        awaitState("PROVISIONED");
        assertThat(status().path("phoneFactorSettingsAvailable").asBoolean()).isTrue();

        String number = newNationalNumber();
        String verificationId = startVerification("PRIMARY", number, "42");
        String verificationCall = VendorSimulator.ringingCall(verificationId);
        assertThat(VendorSimulator.call(verificationCall).path("to").asText()).isEqualTo("+1" + number + ";ext=42");
        VendorSimulator.answer(verificationCall, "#");
        assertThat(verification(verificationId).path("status").asText()).isEqualTo("VERIFIED");

        ResponseEntity<JsonNode> saved = saveSettings(TestJwt.portal(), "ACTIVE", method,
                method.needsPin() ? PIN : null);

        assertThat(saved.getStatusCode().value()).isEqualTo(200);
        assertThat(saved.getBody().path("state").asText()).isEqualTo("ACTIVE");
        assertThat(saved.getBody().path("settingsStatus").asText()).isEqualTo("ACTIVE");
        assertThat(saved.getBody().path("pinSet").asBoolean()).isEqualTo(method.needsPin());
        assertThat(saved.getBody().toString()).doesNotContain(PIN).doesNotContain(number);
        Activated activated = topics().awaitEvent(Activated.class, userId);
        assertThat(activated.type()).isEqualTo(AuthType.PHONEFACTOR);
        assertThat(activated.method()).isEqualTo(method);
        assertThat(activated.activatedBy()).isEqualTo("portal");
        assertThat(activated.orderId()).as("the order it came from, whose contact is mailed").isNotNull()
                .isEqualTo(factorOrderId());
        assertThat(activated.phoneMasked()).as("the phone bound, for the activation mail")
                .isEqualTo("+1 ***-***-" + number.substring(number.length() - 4));
        if (method.needsPin()) {
            String hash = jdbc.queryForObject("SELECT pin_hash FROM user_factor WHERE account_id = ? AND user_id = ?",
                    String.class, accountId, userId);
            assertThat(hash).startsWith("{hmac-bcrypt}$2").doesNotContain(PIN);
        }

        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        answerRightly(method, challengeId, PIN);

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(topics().events(Topics.AUTH_ACTIVATED, e -> userId.equals(e.key())))
                .extracting(RecordedEvent::value).noneMatch(v -> v.contains(number) || v.contains(PIN));
        assertThat(topics().events(Topics.AUTH_CHALLENGE_ISSUED, e -> userId.equals(e.key())))
                .extracting(RecordedEvent::value).noneMatch(v -> v.contains(number) || v.contains(PIN));
        assertThat(output.getAll()).doesNotContain(number).doesNotContain(PIN);
    }

    @Test
    void symantecGoesFromProvisioningToActivatedWithTheShownCodeAndItsFirstChallengeSucceeds() {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        String used = VendorSimulator.currentCode(credentialId);
        assertThat(VendorSimulator.validate(credentialId, used).path("valid").asBoolean()).isTrue();

        ResponseEntity<JsonNode> reused = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", used));
        assertThat(reused.getStatusCode().value()).isEqualTo(422);
        assertThat(reused.getBody().path("errors").findValuesAsString("code")).containsExactly("CODE_ALREADY_USED");
        assertThat(reused.getBody().path("detail").asText()).contains("used already", "new code");
        assertThat(reused.getBody().toString()).doesNotContain(used);
        VendorSimulator.forgetUsedCodes();

        ResponseEntity<JsonNode> activated = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", VendorSimulator.currentCode(credentialId)));

        assertThat(activated.getStatusCode().value()).isEqualTo(200);
        assertThat(activated.getBody().path("state").asText()).isEqualTo("ACTIVE");
        assertThat(topics().awaitEvent(Activated.class, userId).type()).isEqualTo(AuthType.SYMANTEC_VIP);
        VendorSimulator.forgetUsedCodes();
        String challengeId = challenge("VPN").getBody().path("challengeId").asText();
        assertThat(respond(challengeId, VendorSimulator.currentCode(credentialId)).getBody().path("status").asText())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void fiveWrongSymantecActivationCodesLockActivationUntilTheLockoutEndsAndThenTheRightCodeActivates() {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);

        for (int attempt = 1; attempt <= 4; attempt++) {
            ResponseEntity<JsonNode> wrong = activateSymantec(SymantecIntegrationTest.wrong(
                    VendorSimulator.currentCode(credentialId)));
            assertThat(wrong.getStatusCode().value()).isEqualTo(422);
            assertThat(wrong.getBody().path("remainingAttempts").asInt()).isEqualTo(5 - attempt);
        }
        ResponseEntity<JsonNode> fifth = activateSymantec(SymantecIntegrationTest.wrong(
                VendorSimulator.currentCode(credentialId)));

        assertThat(fifth.getStatusCode().value()).isEqualTo(423);
        assertThat(fifth.getHeaders().getContentType().toString()).contains("problem+json");
        Instant lockedUntil = Instant.parse(fifth.getBody().path("lockedUntil").asText());
        assertThat(lockedUntil).isBetween(clock.instant().plus(Duration.ofMinutes(59)),
                clock.instant().plus(Duration.ofMinutes(61)));
        assertThat(fifth.getBody().path("detail").asText()).contains("locked until " + lockedUntil);
        ResponseEntity<JsonNode> rightButLocked = activateSymantec(VendorSimulator.currentCode(credentialId));
        assertThat(rightButLocked.getStatusCode().value()).isEqualTo(423);
        assertThat(Instant.parse(status().path("activationLockedUntil").asText()))
                .isCloseTo(lockedUntil, within(1, ChronoUnit.MILLIS));
        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");

        clock.advance(Duration.ofMinutes(61));
        VendorSimulator.forgetUsedCodes();
        ResponseEntity<JsonNode> afterTheLock = activateSymantec(VendorSimulator.currentCode(credentialId));

        assertThat(afterTheLock.getStatusCode().value()).isEqualTo(200);
        assertThat(afterTheLock.getBody().path("state").asText()).isEqualTo("ACTIVE");
        assertThat(afterTheLock.getBody().has("activationLockedUntil")).isFalse();
        assertThat(jdbc.queryForObject("SELECT activation_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, accountId, userId)).isZero();
        VendorSimulator.forgetUsedCodes();
    }

    @Test
    void anAdminsUnlockEndsASymantecActivationLockAndItsCountWithoutALifecycleUnlock() {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        for (int attempt = 1; attempt <= 5; attempt++) {
            activateSymantec(SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId)));
        }
        assertThat(activateSymantec(VendorSimulator.currentCode(credentialId)).getStatusCode().value())
                .isEqualTo(423);

        ResponseEntity<JsonNode> unlocked = post(userPath("/unlock"), TestJwt.admin(accountId), Map.of());

        assertThat(unlocked.getStatusCode().value()).isEqualTo(200);
        assertThat(unlocked.getBody().path("state").asText()).isEqualTo("PROVISIONED");
        assertThat(unlocked.getBody().has("activationLockedUntil")).isFalse();
        assertThat(post(userPath("/unlock"), TestJwt.admin(accountId), Map.of()).getStatusCode().value())
                .as("nothing left to unlock").isEqualTo(409);
        VendorSimulator.forgetUsedCodes();
        ResponseEntity<JsonNode> activated = activateSymantec(VendorSimulator.currentCode(credentialId));
        assertThat(activated.getStatusCode().value()).isEqualTo(200);
        assertThat(activated.getBody().path("state").asText()).isEqualTo("ACTIVE");
        topics().awaitEvent(Activated.class, userId);
        // in the user's order on one partition: an Unlocked written before the activation would be here before it
        assertThat(topics().events(Topics.AUTH_ACTIVATED, e -> userId.equals(e.key())))
                .as("an activation, and no Unlocked: the lifecycle was never locked").hasSize(1);
        VendorSimulator.forgetUsedCodes();
    }

    @Test
    void aVerificationAnsweredWithTheWrongKeyOrNotAtAllSavesNoPhoneAndSaysWhy() {
        provisioned(AuthType.PHONEFACTOR, null);

        String wrongKey = startVerification("PRIMARY", newNationalNumber(), null);
        VendorSimulator.answer(VendorSimulator.ringingCall(wrongKey), "1#");
        String unanswered = startVerification("SECONDARY", newNationalNumber(), null);
        VendorSimulator.noAnswer(VendorSimulator.ringingCall(unanswered));

        assertThat(verification(wrongKey).path("status").asText()).isEqualTo("FAILED");
        assertThat(verification(wrongKey).path("reason").asText()).contains("# was not pressed", "not saved");
        assertThat(verification(unanswered).path("status").asText()).isEqualTo("FAILED");
        assertThat(verification(unanswered).path("reason").asText()).contains("not answered", "not saved");
        assertThat(status().has("primaryPhoneMasked")).isFalse();
        assertThat(status().has("secondaryPhoneMasked")).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM phone_verification WHERE id IN (?::uuid, ?::uuid) "
                + "AND phone IS NULL", Integer.class, wrongKey, unanswered)).isEqualTo(2);
    }

    @Test
    void aSecondaryPhoneIsVerifiedTheSameWayAndIsOptional() {
        provisioned(AuthType.PHONEFACTOR, null);
        String primary = newNationalNumber();
        String secondary = newNationalNumber();
        verify("PRIMARY", primary);
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", PhoneFactorMethod.PHONE_CALL_STANDARD, null)
                .getStatusCode().value()).as("activation without a secondary phone").isEqualTo(200);

        verify("SECONDARY", secondary);

        JsonNode status = status();
        assertThat(status.path("primaryPhoneMasked").asText()).isEqualTo("+1 ***-***-" + primary.substring(6));
        assertThat(status.path("secondaryPhoneMasked").asText()).isEqualTo("+1 ***-***-" + secondary.substring(6));
        assertThat(jdbc.queryForObject("SELECT secondary_phone FROM user_factor WHERE account_id = ? AND user_id = ?",
                String.class, accountId, userId)).isEqualTo("+1" + secondary);
        RecordedEvent changed = topics().awaitRecord(FactorSettingsChanged.class, userId);
        assertThat(changed.as(FactorSettingsChanged.class).changedBy()).isEqualTo("portal");
        assertThat(changed.value()).doesNotContain(secondary);
    }

    @Test
    void aTrivialPinAPinOfTheWrongLengthAndAPinForAMethodWithoutPinAreRefusedWithTheReason() {
        provisioned(AuthType.PHONEFACTOR, null);
        verify("PRIMARY", newNationalNumber());

        Map<String, List<String>> codes = new HashMap<>();
        for (String pin : List.of("1234", "0000", "777777", "98765", "123", "123456789", "12a45")) {
            ResponseEntity<JsonNode> refused = saveSettings(TestJwt.portal(), "ACTIVE", PhoneFactorMethod.APP_PIN,
                    pin);
            assertThat(refused.getStatusCode().value()).as(pin).isEqualTo(422);
            assertThat(refused.getBody().toString()).as(pin).doesNotContain("\"" + pin + "\"");
            codes.put(pin, refused.getBody().path("errors").findValuesAsString("code"));
        }
        ResponseEntity<JsonNode> notAllowed = saveSettings(TestJwt.portal(), "ACTIVE",
                PhoneFactorMethod.SMS_ONE_TIME, "2580");
        ResponseEntity<JsonNode> missing = saveSettings(TestJwt.portal(), "ACTIVE",
                PhoneFactorMethod.PHONE_CALL_PIN, null);

        assertThat(codes).containsEntry("1234", List.of("PIN_TRIVIAL")).containsEntry("0000", List.of("PIN_TRIVIAL"))
                .containsEntry("777777", List.of("PIN_TRIVIAL")).containsEntry("98765", List.of("PIN_TRIVIAL"))
                .containsEntry("123", List.of("PIN_FORMAT")).containsEntry("123456789", List.of("PIN_FORMAT"))
                .containsEntry("12a45", List.of("PIN_FORMAT"));
        assertThat(notAllowed.getBody().path("errors").findValuesAsString("code")).containsExactly("PIN_NOT_ALLOWED");
        assertThat(notAllowed.getBody().path("errors").findValuesAsString("message").get(0))
                .contains("does not use a PIN");
        assertThat(missing.getBody().path("errors").findValuesAsString("code")).containsExactly("PIN_REQUIRED");
        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");
        assertThat(status().path("pinSet").asBoolean()).isFalse();
        assertThat(topics().events(Topics.AUTH_ACTIVATED, e -> userId.equals(e.key()))).isEmpty();
    }

    @Test
    void statusInactiveSuspendsChallengesKeepingTheSettingsAndStatusActiveResumesThem() {
        activePhoneFactorUser(PhoneFactorMethod.PHONE_CALL_PIN);

        ResponseEntity<JsonNode> suspended = saveSettings(TestJwt.admin(accountId), "INACTIVE",
                PhoneFactorMethod.PHONE_CALL_PIN, null);

        assertThat(suspended.getStatusCode().value()).isEqualTo(200);
        assertThat(suspended.getBody().path("state").asText()).isEqualTo("ACTIVE");
        assertThat(suspended.getBody().path("settingsStatus").asText()).isEqualTo("INACTIVE");
        assertThat(suspended.getBody().path("method").asText()).isEqualTo("PHONE_CALL_PIN");
        assertThat(suspended.getBody().path("pinSet").asBoolean()).isTrue();
        FactorSettingsChanged changed = topics().awaitEvent(FactorSettingsChanged.class, userId);
        assertThat(changed.changedBy()).isEqualTo("admin-" + accountId);
        assertThat(changed.method()).isEqualTo(PhoneFactorMethod.PHONE_CALL_PIN);
        assertThat(changed.orderId()).isNotNull().isEqualTo(factorOrderId());
        ResponseEntity<JsonNode> refused = challenge("PORTAL");
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getBody().path("type").asText()).endsWith("/suspended");
        assertThat(refused.getBody().path("detail").asText()).contains("suspended", "status ACTIVE");
        assertThatEvents(topics().events()).containsExactlyOne(Activated.class, a -> userId.equals(a.userId()));

        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", PhoneFactorMethod.PHONE_CALL_PIN, null)
                .getStatusCode().value()).isEqualTo(200);
        String challengeId = challenge("VPN").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), PIN + "#");

        assertThat(topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);
        await().atMost(Duration.ofSeconds(10)).until(() -> assertThatEvents(topics().events())
                .of(FactorSettingsChanged.class, c -> userId.equals(c.userId())).size() == 2);
    }

    @Test
    void aChallengeRingingWhenAnAdminReplacesThePhoneIsWithdrawnAndItsAnswerNeitherSignsInNorProvesAnything() {
        activePhoneFactorUser(PhoneFactorMethod.PHONE_CALL_STANDARD);
        // a thief with the password and the user's old phone keeps a PORTAL challenge ringing on it
        String open = challenge("PORTAL").getBody().path("challengeId").asText();
        String oldCall = VendorSimulator.ringingCall(open);

        // the admin replaces the primary phone with the user's new one
        ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.admin(accountId),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        String verificationId = started.getBody().path("verificationId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(verificationId), "#");
        assertThat(verification(verificationId).path("status").asText()).isEqualTo("VERIFIED");

        ChallengeResult withdrawn = topics().awaitEvent(ChallengeResult.class, r -> open.equals(r.challengeId()));
        assertThat(withdrawn.outcome()).isEqualTo(ChallengeOutcome.WITHDRAWN);
        assertThat(withdrawn.consecutiveFailures()).isZero();
        assertThat(withdrawn.remainingAttempts()).isEqualTo(5);
        assertThat(get("/api/challenges/" + open, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("WITHDRAWN");
        // the old phone's # comes too late to count for anything. The gateway was told to hang up, so the simulator
        // refuses the key press; a vendor that had already taken it reports it all the same, as this callback does
        try {
            VendorSimulator.answer(oldCall, "#");
        } catch (RuntimeException hungUp) {
            // withdrawn at the gateway: nothing to answer
        }
        ResponseEntity<JsonNode> late = signedCallback(new RestTemplateBuilder().build(), http.getRootUri(),
                Map.of("kind", "CALL", "id", oldCall, "reference", open, "status", "ANSWERED", "keys", "#",
                        "reportFraud", false));
        assertThat(late.getStatusCode().value()).isEqualTo(204);
        assertThat(get("/api/challenges/" + open, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("WITHDRAWN");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> assertThatEvents(
                topics().events()).of(ChallengeResult.class, r -> open.equals(r.challengeId())).size() == 1);
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
        // and no proof: the thief's portal session cannot move the phone to their own number
        ResponseEntity<JsonNode> moved = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
        assertThat(moved.getStatusCode().value()).isEqualTo(403);
        assertThat(moved.getBody().path("type").asText()).endsWith("/recent-challenge-required");
    }

    @Test
    void challengesOpenWhenAnAdminSuspendsOrResetsThePinAreWithdrawnWithoutAStrike() {
        activePhoneFactorUser(PhoneFactorMethod.PHONE_CALL_PIN);
        String vpn = challenge("VPN").getBody().path("challengeId").asText();
        VendorSimulator.ringingCall(vpn);

        assertThat(post(userPath("/phonefactor/pin-reset"), TestJwt.admin(accountId), Map.of()).getStatusCode()
                .value()).isEqualTo(200);

        ChallengeResult afterReset = topics().awaitEvent(ChallengeResult.class, r -> vpn.equals(r.challengeId()));
        assertThat(afterReset.outcome()).isEqualTo(ChallengeOutcome.WITHDRAWN);
        assertThat(afterReset.consecutiveFailures()).isZero();

        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", PhoneFactorMethod.PHONE_CALL_PIN, PIN).getStatusCode()
                .value()).isEqualTo(200);
        String portal = challenge("PORTAL").getBody().path("challengeId").asText();
        VendorSimulator.ringingCall(portal);
        assertThat(saveSettings(TestJwt.admin(accountId), "INACTIVE", PhoneFactorMethod.PHONE_CALL_PIN, null)
                .getStatusCode().value()).isEqualTo(200);

        ChallengeResult afterSuspension = topics().awaitEvent(ChallengeResult.class,
                r -> portal.equals(r.challengeId()));
        assertThat(afterSuspension.outcome()).isEqualTo(ChallengeOutcome.WITHDRAWN);
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void anAdminResetsThePinAndThePinMethodWaitsForANewPinBeforeChallengesWork() {
        activePhoneFactorUser(PhoneFactorMethod.APP_PIN);

        assertThat(post(userPath("/phonefactor/pin-reset"), TestJwt.portal(), Map.of()).getStatusCode().value())
                .isEqualTo(403);
        assertThat(post(userPath("/phonefactor/pin-reset"), TestJwt.admin("another-account"), Map.of())
                .getStatusCode().value()).isEqualTo(404);
        ResponseEntity<JsonNode> reset = post(userPath("/phonefactor/pin-reset"), TestJwt.admin(accountId), Map.of());

        assertThat(reset.getStatusCode().value()).isEqualTo(200);
        assertThat(reset.getBody().path("pinSet").asBoolean()).isFalse();
        assertThat(reset.getBody().path("method").asText()).isEqualTo("APP_PIN");
        assertThat(topics().awaitEvent(FactorSettingsChanged.class, userId).changedBy())
                .isEqualTo("admin-" + accountId);
        ResponseEntity<JsonNode> refused = challenge("PORTAL");
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getBody().path("type").asText()).endsWith("/pin-required");
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", PhoneFactorMethod.APP_PIN, null).getBody()
                .path("errors").findValuesAsString("code")).containsExactly("PIN_REQUIRED");

        String newPin = "60418253";
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", PhoneFactorMethod.APP_PIN, newPin).getStatusCode()
                .value()).isEqualTo(200);
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        VendorSimulator.approvePush(VendorSimulator.push(challengeId).path("pushId").asText(), newPin);

        assertThat(topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);
    }

    @Test
    void anAdminDeactivatesThenANewOrderIsProvisionedAndActivatesAgain() {
        activePhoneFactorUser(PhoneFactorMethod.SMS_ONE_TIME_PIN);

        ResponseEntity<JsonNode> deactivated = post(userPath("/deactivate"), TestJwt.admin(accountId), Map.of());

        assertThat(deactivated.getStatusCode().value()).isEqualTo(200);
        assertThat(deactivated.getBody().path("state").asText()).isEqualTo("DEACTIVATED");
        assertThat(deactivated.getBody().path("phoneFactorSettingsAvailable").asBoolean()).isFalse();
        Deactivated event = topics().awaitEvent(Deactivated.class, userId);
        assertThat(event.deactivatedBy()).isEqualTo("admin-" + accountId);
        assertThat(event.orderId()).as("the order provisioning-service takes back").isNotNull()
                .isEqualTo(factorOrderId());
        assertThat(challenge("PORTAL").getStatusCode().value()).isEqualTo(409);
        ResponseEntity<JsonNode> settingsWhileDeactivated = saveSettings(TestJwt.portal(), "ACTIVE",
                PhoneFactorMethod.SMS_ONE_TIME, null);
        assertThat(settingsWhileDeactivated.getStatusCode().value()).isEqualTo(409);
        assertThat(settingsWhileDeactivated.getBody().path("detail").asText()).contains("order it again");

        String orderId = order(AuthType.PHONEFACTOR, null);
        JsonNode ordered = status();
        assertThat(ordered.has("method")).isFalse();
        assertThat(ordered.has("primaryPhoneMasked")).isFalse();
        assertThat(ordered.path("pinSet").asBoolean()).isFalse();
        ResponseEntity<JsonNode> beforeProvisioning = saveSettings(TestJwt.portal(), "ACTIVE",
                PhoneFactorMethod.SMS_ONE_TIME, null);
        assertThat(beforeProvisioning.getStatusCode().value()).isEqualTo(409);
        assertThat(beforeProvisioning.getBody().path("detail").asText())
                .contains("provisioning e-mail", "wait for it and try again", "contact support");
        provision(AuthType.PHONEFACTOR, orderId);
        awaitState("PROVISIONED");
        verify("PRIMARY", newNationalNumber());
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", PhoneFactorMethod.SMS_ONE_TIME, null).getBody()
                .path("state").asText()).isEqualTo("ACTIVE");

        await().atMost(Duration.ofSeconds(10)).until(() -> assertThatEvents(topics().events())
                .of(Activated.class, a -> userId.equals(a.userId())).size() == 2);
        // each activation names its own order: the second's notice goes to the new order's address
        List<Activated> activations = assertThatEvents(topics().events()).of(Activated.class,
                a -> userId.equals(a.userId()));
        assertThat(activations).extracting(Activated::orderId).doesNotContainNull().doesNotHaveDuplicates()
                .last().isEqualTo(orderId);
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        answerRightly(PhoneFactorMethod.SMS_ONE_TIME, challengeId, null);
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);
    }

    @Test
    void aPinTooLongForAnyHashEnteredInTheAppIsAWrongAnswerNotAFailedCallback() {
        activePhoneFactorUser(PhoneFactorMethod.APP_PIN);
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();

        // bcrypt reads at most 72 bytes and refuses more: the callback failed with a 500, retried by the vendor for
        // as long as the challenge lived, its answer never judged
        VendorSimulator.approvePush(VendorSimulator.push(challengeId).path("pushId").asText(), "1".repeat(80));

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.FAILED);
        assertThat(result.consecutiveFailures()).isEqualTo(1);
        assertThat(get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("FAILED");
    }

    @Test
    void aCallRingingWhenTheAdminDeactivatesTheUserIsCancelledItsChallengeFailsAndPressingHashAfterwardsDoesNothing() {
        activePhoneFactorUser(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        String callId = VendorSimulator.ringingCall(challengeId);

        assertThat(post(userPath("/deactivate"), TestJwt.admin(accountId), Map.of()).getStatusCode().value())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> VendorSimulator.call(callId).path("status").asText(), "CANCELLED"::equals);
        int pressed = VendorSimulator.client().post().uri("/telephony/calls/{id}/answer", callId)
                .body(Map.of("keys", "#")).exchange((request, response) -> response.getStatusCode().value());
        assertThat(pressed).isEqualTo(409);
        assertThat(VendorSimulator.call(callId).path("status").asText()).isEqualTo("CANCELLED");
        assertThat(get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("FAILED");
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.FAILED);
        assertThat(result.consecutiveFailures()).isZero();
        assertThat(assertThatEvents(topics().events())
                .of(ChallengeResult.class, r -> challengeId.equals(r.challengeId())))
                .hasSize(1);
    }

    @Test
    void aCallRingingWhenAFraudReportLocksTheUserIsCancelledRejectedAsLockedAndNoStrikeAfterTheAdminUnlocks() {
        activePhoneFactorUser(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String portal = challenge("PORTAL").getBody().path("challengeId").asText();
        String portalCall = VendorSimulator.ringingCall(portal);
        String vpn = challenge("VPN").getBody().path("challengeId").asText();

        VendorSimulator.answer(VendorSimulator.ringingCall(vpn), "0#");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> VendorSimulator.call(portalCall).path("status").asText(), "CANCELLED"::equals);
        // the admin unlocks while the portal challenge would still run: the user can no longer answer its call
        assertThat(post(userPath("/unlock"), TestJwt.admin(accountId), Map.of()).getStatusCode().value())
                .isEqualTo(200);
        int pressed = VendorSimulator.client().post().uri("/telephony/calls/{id}/answer", portalCall)
                .body(Map.of("keys", "#")).exchange((request, response) -> response.getStatusCode().value());
        clock.advance(Duration.ofMinutes(5)); // past the challenge's end

        assertThat(pressed).isEqualTo(409);
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> portal.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.REJECTED_LOCKED);
        assertThat(assertThatEvents(topics().events())
                .of(ChallengeResult.class, r -> portal.equals(r.challengeId())))
                .hasSize(1);
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void activePhoneFactorUser(PhoneFactorMethod method) {
        provisioned(AuthType.PHONEFACTOR, null);
        verify("PRIMARY", newNationalNumber());
        assertThat(saveSettings(TestJwt.portal(), "ACTIVE", method, method.needsPin() ? PIN : null).getStatusCode()
                .value()).isEqualTo(200);
        topics().awaitEvent(Activated.class, userId);
    }

    /** What the user does on the phone or in the app to answer the challenge rightly. */
    private static void answerRightly(PhoneFactorMethod method, String challengeId, String pin) {
        switch (method) {
            case PHONE_CALL_STANDARD -> VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "#");
            case PHONE_CALL_PIN -> VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), pin + "#");
            case SMS_ONE_TIME, SMS_ONE_TIME_PIN -> {
                JsonNode sms = VendorSimulator.sms(challengeId);
                Matcher code = ONE_TIME_CODE.matcher(sms.path("text").asText());
                assertThat(code.find()).as("a 6-digit code in the text").isTrue();
                VendorSimulator.replySms(sms.path("smsId").asText(),
                        method.needsPin() ? code.group(1) + pin : code.group(1));
            }
            case APP_STANDARD, APP_PIN -> {
                JsonNode push = VendorSimulator.push(challengeId);
                assertThat(push.path("withPin").asBoolean()).isEqualTo(method.needsPin());
                VendorSimulator.approvePush(push.path("pushId").asText(), method.needsPin() ? pin : null);
            }
        }
    }

    private String startVerification(String slot, String number, String extension) {
        Map<String, Object> body = new HashMap<>(Map.of("slot", slot, "countryCode", "1", "number", number));
        if (extension != null) {
            body.put("extension", extension);
        }
        ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.portal(), body);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        assertThat(started.getBody().toString()).doesNotContain(number);
        return started.getBody().path("verificationId").asText();
    }

    private void verify(String slot, String number) {
        String verificationId = startVerification(slot, number, null);
        VendorSimulator.answer(VendorSimulator.ringingCall(verificationId), "#");
        assertThat(verification(verificationId).path("status").asText()).isEqualTo("VERIFIED");
    }

    private JsonNode verification(String verificationId) {
        return get(userPath("/phonefactor/phones/verifications/" + verificationId), TestJwt.portal()).getBody();
    }

    private ResponseEntity<JsonNode> saveSettings(String token, String status, PhoneFactorMethod method, String pin) {
        Map<String, Object> body = new HashMap<>(Map.of("status", status, "method", method.name()));
        if (pin != null) {
            body.put("pin", pin);
        }
        return put(userPath("/phonefactor/settings"), token, body);
    }

    private ResponseEntity<JsonNode> activateSymantec(String code) {
        return post(userPath("/symantec/activation"), TestJwt.portal(), Map.of("securityCode", code));
    }
}
