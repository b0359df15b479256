package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class SymantecIntegrationTest extends IntegrationTestBase {

    @Test
    void activationWithTheCurrentCodeActivatesAndAChallengeAnsweredRightSucceeds() {
        String credentialId = activeSymantecUser();
        assertThat(status().path("state").asText()).isEqualTo("ACTIVE");
        Activated activated = topics().awaitEvent(Activated.class, userId);
        assertThat(activated.type()).isEqualTo(AuthType.SYMANTEC_VIP);
        assertThat(activated.activatedBy()).isEqualTo("portal");
        assertThat(activated.phoneMasked()).as("no phone of a credential").isNull();

        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        assertThat(issued.getStatusCode().value()).isEqualTo(201);
        assertThat(issued.getBody().path("message").asText())
                .isEqualTo("Enter the security code shown on your Symantec VIP credential");
        String challengeId = issued.getBody().path("challengeId").asText();
        String code = VendorSimulator.currentCode(credentialId);
        ResponseEntity<JsonNode> answered = respond(challengeId, code);

        assertThat(answered.getStatusCode().value()).isEqualTo(200);
        assertThat(answered.getBody().path("status").asText()).isEqualTo("SUCCEEDED");
        RecordedEvent result = topics().awaitRecord(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.as(ChallengeResult.class).outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(result.value()).doesNotContain(code);
        assertThat(topics().awaitEvent(ChallengeIssued.class, i -> challengeId.equals(i.challengeId())).type())
                .isEqualTo(AuthType.SYMANTEC_VIP);
    }

    @Test
    void aChallengeAnsweredWithTheWrongCodeFailsAndIsDecidedOnlyOnce() {
        String credentialId = activeSymantecUser();
        String challengeId = challenge("VPN").getBody().path("challengeId").asText();

        ResponseEntity<JsonNode> answered = respond(challengeId, wrong(VendorSimulator.currentCode(credentialId)));
        ResponseEntity<JsonNode> again = respond(challengeId, VendorSimulator.currentCode(credentialId));

        assertThat(answered.getBody().path("status").asText()).isEqualTo("FAILED");
        assertThat(answered.getBody().path("consecutiveFailures").asInt()).isEqualTo(1);
        assertThat(answered.getBody().path("remainingAttempts").asInt()).isEqualTo(4);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.FAILED);
    }

    @Test
    void aChallengeAnswersOnlyForTheAccountUserItWasIssuedTo() {
        String credentialId = activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();

        ResponseEntity<JsonNode> otherAccount = post("/api/challenges/" + challengeId + "/responses",
                TestJwt.portal(), Map.of("accountId", "another-account", "userId", userId, "code",
                        VendorSimulator.currentCode(credentialId)));

        assertThat(otherAccount.getStatusCode().value()).isEqualTo(404);
        assertThat(get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("PENDING");
        assertThat(get("/api/challenges/" + challengeId, TestJwt.admin("another-account")).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    void aWrongActivationCodeIsRefusedWithWhatToDoAndTheUserStaysProvisioned() {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);

        ResponseEntity<JsonNode> refused = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", wrong(VendorSimulator.currentCode(credentialId))));

        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getBody().path("detail").asText())
                .contains("the security code is not the one currently shown".substring(4));
        assertThat(refused.getBody().path("errors").findValuesAsString("field")).containsExactly("securityCode");
        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");
    }

    @Test
    void activationBeforeProvisioningAnswers409WithWhatToDo() {
        String credentialId = newCredentialId();
        order(AuthType.SYMANTEC_VIP, credentialId);

        ResponseEntity<JsonNode> refused = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", VendorSimulator.currentCode(credentialId)));

        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getBody().path("detail").asText())
                .contains("provisioning e-mail", "wait for it and try again", "contact support");
        assertThat(status().path("state").asText()).isEqualTo("ORDERED");
    }

    @Test
    void aChallengeForAUserWithoutActiveFactorIs409() {
        provisioned(AuthType.SYMANTEC_VIP, newCredentialId());

        ResponseEntity<JsonNode> refused = challenge("PORTAL");

        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getBody().path("detail").asText()).contains("PROVISIONED");
    }

    /** A code that differs from the shown one in the first digit. */
    static String wrong(String code) {
        return (char) ('0' + (code.charAt(0) - '0' + 1) % 10) + code.substring(1);
    }
}
