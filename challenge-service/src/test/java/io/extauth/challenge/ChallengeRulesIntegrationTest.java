package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.RecordedEvents;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Unlocked;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.http.ResponseEntity;

/** Issue 6: expiry per method, denied pushes, fraud reports, and challenges bound to one account user. */
class ChallengeRulesIntegrationTest extends IntegrationTestBase {

    @ParameterizedTest(name = "a {0} challenge expires after {1} s as a strike, and a late answer changes nothing")
    @CsvSource({"PHONE_CALL_STANDARD, 60", "SMS_ONE_TIME, 300", "APP_STANDARD, 120"})
    void anUnansweredChallengeExpiresAfterItsMethodsTimeAsAStrikeAndALateAnswerChangesNothing(
            PhoneFactorMethod method, long seconds) {
        activatePhoneFactor(method);
        Instant before = clock.instant();
        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        String challengeId = issued.getBody().path("challengeId").asText();
        Instant expiresAt = Instant.parse(issued.getBody().path("expiresAt").asText());
        assertThat(Duration.between(before, expiresAt).getSeconds()).isCloseTo(seconds, within(5L));

        clock.advance(Duration.ofSeconds(seconds + 1));

        ChallengeResult expired = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(expired.outcome()).isEqualTo(ChallengeOutcome.EXPIRED);
        assertThat(expired.consecutiveFailures()).isEqualTo(1);
        assertThat(expired.remainingAttempts()).isEqualTo(4);
        Map<String, Object> lateButRight = new HashMap<>(Map.of("kind", kindOf(method), "id", "late",
                "reference", challengeId, "status", statusOf(method), "keys", "#", "reportFraud", false));
        assertThat(signedCallback(new RestTemplateBuilder().build(), baseUrl(), lateButRight).getStatusCode().value())
                .isEqualTo(204);
        assertThat(get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("EXPIRED");
        assertThat(status().path("consecutiveFailures").asInt()).isEqualTo(1);
        RecordedEvents events = assertThatEvents(topics().events());
        events.containsExactlyOne(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        events.containsNone(FraudReported.class, f -> challengeId.equals(f.challengeId()));
    }

    @Test
    void aDeniedAppPushIsAStrike() {
        activatePhoneFactor(PhoneFactorMethod.APP_STANDARD);
        String challengeId = challenge("VPN").getBody().path("challengeId").asText();

        VendorSimulator.denyPush(VendorSimulator.push(challengeId).path("pushId").asText(), false);

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.FAILED);
        assertThat(result.consecutiveFailures()).isEqualTo(1);
        assertThat(result.remainingAttempts()).isEqualTo(4);
        assertThat(result.orderId()).as("named on a lockout only").isNull();
        assertThat(status().path("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void zeroHashDuringTheCallReportsFraudAndBlocksTheUserWithoutCallsUntilAnAdminUnblocks() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();

        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "0#");

        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.LOCKED_OUT);
        assertThat(result.remainingAttempts()).isZero();
        assertThat(result.lockedUntil()).as("blocked until an admin unblocks: no end time").isNull();
        assertThat(result.orderId()).as("a lockout names the order whose contact is mailed").isNotNull()
                .isEqualTo(factorOrderId());
        FraudReported fraud = topics().awaitEvent(FraudReported.class, userId);
        assertThat(fraud.accountId()).isEqualTo(accountId);
        assertThat(fraud.challengeId()).isEqualTo(challengeId);
        assertThat(fraud.channel()).isEqualTo(LoginChannel.PORTAL);
        assertThat(fraud.method()).isEqualTo(PhoneFactorMethod.PHONE_CALL_STANDARD);
        assertThat(fraud.reportedAt()).isNotNull();
        assertThat(status().path("state").asText()).isEqualTo("LOCKED");

        ResponseEntity<JsonNode> blocked = challenge("VPN");
        assertThat(blocked.getStatusCode().value()).isEqualTo(423);
        assertThat(blocked.getBody().path("type").asText()).endsWith("/fraud-blocked");
        assertThat(blocked.getBody().path("reason").asText()).isEqualTo("FRAUD_REPORTED");
        assertThat(blocked.getBody().path("detail").asText()).contains("fraud", "admin");
        String blockedId = blocked.getBody().path("challengeId").asText();
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> blockedId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.REJECTED_LOCKED);
        assertThat(VendorSimulator.deliveriesFor(blockedId)).as("no call while blocked").isZero();

        clock.advance(Duration.ofMinutes(61));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> "LOCKED".equals(status().path("state").asText()));

        ResponseEntity<JsonNode> unblocked = post(userPath("/unlock"), TestJwt.admin(accountId), Map.of());
        assertThat(unblocked.getStatusCode().value()).isEqualTo(200);
        assertThat(unblocked.getBody().path("state").asText()).isEqualTo("ACTIVE");
        assertThat(topics().awaitEvent(Unlocked.class, userId).by())
                .isEqualTo("admin-" + accountId);
        assertThat(challenge("PORTAL").getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void denyAndReportInTheAppIsAFraudReportToo() {
        activatePhoneFactor(PhoneFactorMethod.APP_STANDARD);
        String challengeId = challenge("VPN").getBody().path("challengeId").asText();

        VendorSimulator.denyPush(VendorSimulator.push(challengeId).path("pushId").asText(), true);

        FraudReported fraud = topics().awaitEvent(FraudReported.class, userId);
        assertThat(fraud.challengeId()).isEqualTo(challengeId);
        assertThat(fraud.method()).isEqualTo(PhoneFactorMethod.APP_STANDARD);
        assertThat(fraud.channel()).isEqualTo(LoginChannel.VPN);
        assertThat(challenge("PORTAL").getStatusCode().value()).isEqualTo(423);
    }

    @Test
    void theSamePersonInTwoAccountsIsChallengedPerAccountAndASuccessInOneAnswersNoOther() {
        String accountA = accountId;
        String credentialA = activeSymantecUser();
        String accountB = newAccountId();
        accountId = accountB;
        String credentialB = activeSymantecUser();
        accountId = accountA;
        String inA = challenge("PORTAL").getBody().path("challengeId").asText();
        accountId = accountB;
        String inB = challenge("PORTAL").getBody().path("challengeId").asText();

        ResponseEntity<JsonNode> asAccountA = post("/api/challenges/" + inB + "/responses", TestJwt.portal(),
                Map.of("accountId", accountA, "userId", userId, "code", VendorSimulator.currentCode(credentialA)));
        accountId = accountA;
        ResponseEntity<JsonNode> rightInA = respond(inA, VendorSimulator.currentCode(credentialA));

        assertThat(asAccountA.getStatusCode().value()).isEqualTo(404);
        assertThat(rightInA.getBody().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(get("/api/challenges/" + inB, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("PENDING");
        accountId = accountB;
        ResponseEntity<JsonNode> wrongInB = respond(inB, SymantecIntegrationTest.wrong(
                VendorSimulator.currentCode(credentialB)));
        assertThat(wrongInB.getBody().path("consecutiveFailures").asInt()).isEqualTo(1);
        accountId = accountA;
        assertThat(status().path("consecutiveFailures").asInt()).as("strikes are per account user").isZero();
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> inA.equals(r.challengeId())).accountId())
                .isEqualTo(accountA);
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> inB.equals(r.challengeId())).accountId())
                .isEqualTo(accountB);
    }

    private String baseUrl() {
        return http.getRootUri();
    }

    private static String kindOf(PhoneFactorMethod method) {
        return switch (method.name().substring(0, 3)) {
            case "PHO" -> "CALL";
            case "SMS" -> "SMS";
            default -> "PUSH";
        };
    }

    private static String statusOf(PhoneFactorMethod method) {
        return switch (kindOf(method)) {
            case "CALL" -> "ANSWERED";
            case "SMS" -> "REPLIED";
            default -> "APPROVED";
        };
    }
}
