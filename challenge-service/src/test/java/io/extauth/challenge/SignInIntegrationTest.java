package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.login.SignInRules;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * An open challenge answers one sign-in (the shared open challenge, session 37): a second sign-in of the same user and
 * channel, started while the user answers their own (an attacker's, with the user's password), is refused 409 without
 * the challenge's id, so the user's answer passes only the sign-in it was asked for.
 */
class SignInIntegrationTest extends IntegrationTestBase {

    @Test
    void anotherSignInIsRefusedTheOpenChallengeAndLearnsNothingOfIt() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        ResponseEntity<JsonNode> mine = signIn("PORTAL", "login-mine");
        assertThat(mine.getStatusCode().value()).isEqualTo(201);
        String challengeId = mine.getBody().path("challengeId").asText();

        ResponseEntity<JsonNode> theirs = signIn("PORTAL", "login-theirs");
        ResponseEntity<JsonNode> unnamed = signIn("PORTAL", null);
        ResponseEntity<JsonNode> mineAgain = signIn("PORTAL", "login-mine");

        for (ResponseEntity<JsonNode> refused : List.of(theirs, unnamed)) {
            assertThat(refused.getStatusCode().value()).isEqualTo(409);
            assertThat(refused.getBody().path("type").asText()).endsWith("/challenge-in-progress");
            assertThat(refused.getBody().toString()).as("nothing of the open challenge")
                    .doesNotContain(challengeId).doesNotContain("***");
            long retryAfter = Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(refused.getBody().path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        }
        assertThat(mineAgain.getStatusCode().value()).as("the same sign-in asking again").isEqualTo(200);
        assertThat(mineAgain.getBody().path("challengeId").asText()).isEqualTo(challengeId);
        assertThat(VendorSimulator.deliveriesFor(challengeId)).as("calls placed").isEqualTo(1);

        VendorSimulator.answer(VendorSimulator.ringingCall(challengeId), "#");
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);
        ResponseEntity<JsonNode> theirsLater = signIn("PORTAL", "login-theirs");
        assertThat(theirsLater.getStatusCode().value()).as("once the open one ended, a challenge of its own")
                .isEqualTo(201);
        assertThat(theirsLater.getBody().path("challengeId").asText()).isNotEqualTo(challengeId);
    }

    @Test
    void fortySignInsAtOnceRingOnceAndOnlyOneOfThemIsGivenTheChallenge() throws Exception {
        activatePhoneFactor(PhoneFactorMethod.APP_STANDARD);
        List<Supplier<ResponseEntity<JsonNode>>> signIns = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String loginId = "login-" + i;
            signIns.add(() -> signIn("VPN", loginId));
        }

        List<ResponseEntity<JsonNode>> answers = AllAtOnce.all(signIns);

        assertThat(answers).extracting(r -> r.getStatusCode().value()).containsOnly(201, 409)
                .filteredOn(s -> s == 201).hasSize(1);
        String challengeId = answers.stream().filter(r -> r.getStatusCode().value() == 201).findFirst().orElseThrow()
                .getBody().path("challengeId").asText();
        assertThat(answers).filteredOn(r -> r.getStatusCode().value() == 409)
                .allSatisfy(r -> assertThat(r.getBody().toString()).doesNotContain(challengeId));
        assertThat(VendorSimulator.pushesTo(userId)).as("pushes pending in the app").isEqualTo(1);

        // the push unanswered: after the Retry-After the open challenge has ended and another sign-in gets its own
        long retryAfter = Long.parseLong(answers.stream().filter(r -> r.getStatusCode().value() == 409).findFirst()
                .orElseThrow().getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        clock.advance(Duration.ofSeconds(retryAfter));
        ResponseEntity<JsonNode> after = signIn("VPN", "login-after");
        assertThat(after.getStatusCode().value()).isEqualTo(201);
        assertThat(after.getBody().path("challengeId").asText()).isNotEqualTo(challengeId);
    }

    @Test
    void aChallengeKeepsAHashOfItsSignInNeverTheLoginId() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String loginId = "portal-session-0b5e1c1d";

        String challengeId = signIn("PORTAL", loginId).getBody().path("challengeId").asText();

        String kept = jdbc.queryForObject("SELECT sign_in_key FROM challenge WHERE id = ?::uuid", String.class,
                challengeId);
        assertThat(kept).isEqualTo(SignInRules.keyOf("portal", loginId)).hasSize(64).doesNotContain(loginId);
    }

    @Test
    void aSignInIsItsCallersOwnSoAnotherGatewayWithTheSameLoginIdIsRefusedAndAnUnnamedOneIsToo() {
        activatePhoneFactor(PhoneFactorMethod.APP_STANDARD);
        String gatewayA = TestJwt.token("vpn-gateway-a", "VPN", null);
        String gatewayB = TestJwt.token("vpn-gateway-b", "VPN", null);
        ResponseEntity<JsonNode> unnamed = signIn(gatewayA, "VPN", null);
        assertThat(unnamed.getStatusCode().value()).isEqualTo(201);

        ResponseEntity<JsonNode> named = signIn(gatewayA, "VPN", "attempt-1");
        assertThat(named.getStatusCode().value()).as("a named sign-in is not given an unnamed one's").isEqualTo(409);
        VendorSimulator.approvePush(VendorSimulator.push(unnamed.getBody().path("challengeId").asText())
                .path("pushId").asText(), null);
        topics().awaitEvent(ChallengeResult.class, r -> unnamed.getBody().path("challengeId").asText()
                .equals(r.challengeId()));

        ResponseEntity<JsonNode> first = signIn(gatewayA, "VPN", "attempt-1");
        ResponseEntity<JsonNode> sameIdOtherGateway = signIn(gatewayB, "VPN", "attempt-1");
        ResponseEntity<JsonNode> sameIdSameGateway = signIn(gatewayA, "VPN", "attempt-1");

        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(sameIdOtherGateway.getStatusCode().value()).isEqualTo(409);
        assertThat(sameIdSameGateway.getStatusCode().value()).isEqualTo(200);
        assertThat(sameIdSameGateway.getBody().path("challengeId").asText())
                .isEqualTo(first.getBody().path("challengeId").asText());
    }

    @Test
    void aLoginIdThatIsNoPrintableTokenIs400AndNothingIsWritten() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);

        for (String loginId : List.of("", "has a space", "x".repeat(129), "tab\there", "é")) {
            ResponseEntity<JsonNode> refused = signIn("PORTAL", loginId);
            assertThat(refused.getStatusCode().value()).as(loginId).isEqualTo(400);
            assertThat(refused.getBody().path("errors").get(0).path("field").asText()).isEqualTo("loginId");
            assertThat(refused.getBody().path("errors").get(0).path("code").asText()).isEqualTo("FORMAT");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE user_id = ?", Long.class, userId))
                .isZero();
        assertThat(signIn("PORTAL", "x".repeat(128)).getStatusCode().value()).as("128 characters").isEqualTo(201);
    }

    private ResponseEntity<JsonNode> signIn(String channel, @Nullable String loginId) {
        return signIn(TestJwt.portal(), channel, loginId);
    }

    private ResponseEntity<JsonNode> signIn(String token, String channel, @Nullable String loginId) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("accountId", accountId, "userId", userId,
                "channel", channel));
        if (loginId != null) {
            body.put("loginId", loginId);
        }
        return post("/api/challenges", token, body);
    }
}
