package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.challenge.TestVendors.Fault;
import io.extauth.contract.AuthType;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Only VIP's verdict on a code is a strike. Whatever else comes back (a 401 from a wrong API key, a 408, a 500, a body
 * without a verdict, nothing within the read timeout) is VIP failing: 503 with Retry-After, nothing counted, and the
 * challenge or activation can be answered again once VIP is back.
 */
class VendorFaultsIntegrationTest extends IntegrationTestBase {

    @AfterEach
    void vipBehaves() {
        TestVendors.behave();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aLoginAnswerVipGaveNoVerdictOnIs503AndNoStrikeAndTheChallengeCanBeAnsweredAgain(Fault fault) {
        String credentialId = activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        TestVendors.fail(fault);

        ResponseEntity<JsonNode> failed = respond(challengeId, SymantecIntegrationTest.wrong(
                VendorSimulator.currentCode(credentialId)));

        assertVendorUnavailable(failed);
        assertThat(jdbc.queryForObject("SELECT consecutive_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, accountId, userId)).as("strikes").isZero();
        assertThat(get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("PENDING");
        TestVendors.behave();
        ResponseEntity<JsonNode> answered = respond(challengeId, VendorSimulator.currentCode(credentialId));
        assertThat(answered.getBody().path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void theRightCodeSentAgainAfterVipTookItAndItsAnswerWasLostIsNoStrike() throws Exception {
        String credentialId = activeSymantecUser();
        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        String code = VendorSimulator.currentCode(credentialId);
        // VIP judges the code, and so uses it, after the service stopped waiting for its answer
        TestVendors.fail(Fault.SLOWER_THAN_READ_TIMEOUT);
        assertVendorUnavailable(respond(challengeId, code));
        TestVendors.behave();
        Thread.sleep(IntegrationTestBase.VIP_READ_TIMEOUT.toMillis()); // until VIP has used it

        // the portal sends it again, as Retry-After invites: VIP calls it used, which the user did not do
        ResponseEntity<JsonNode> again = respond(challengeId, code);

        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody().path("type").asText()).endsWith("/code-used-by-lost-answer");
        assertThat(jdbc.queryForObject("SELECT consecutive_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, accountId, userId)).as("strikes").isZero();
        assertThat(get("/api/challenges/" + challengeId, TestJwt.portal()).getBody().path("status").asText())
                .isEqualTo("PENDING");
        VendorSimulator.forgetUsedCodes();
    }

    @Test
    void theRightActivationCodeSentAgainAfterVipTookItAndItsAnswerWasLostIsNoStrike() throws Exception {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        String code = VendorSimulator.currentCode(credentialId);
        TestVendors.fail(Fault.SLOWER_THAN_READ_TIMEOUT);
        assertVendorUnavailable(post(userPath("/symantec/activation"), TestJwt.portal(), Map.of("securityCode", code)));
        TestVendors.behave();
        Thread.sleep(IntegrationTestBase.VIP_READ_TIMEOUT.toMillis()); // until VIP has used it

        ResponseEntity<JsonNode> again = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", code));

        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody().path("type").asText()).endsWith("/code-used-by-lost-answer");
        assertThat(jdbc.queryForObject("SELECT activation_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, accountId, userId)).as("activation strikes").isZero();
        VendorSimulator.forgetUsedCodes();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"UNAUTHORIZED_401", "REQUEST_TIMEOUT_408", "NO_VERDICT_200"})
    void anActivationCodeVipGaveNoVerdictOnIs503AndNoStrike(Fault fault) {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        TestVendors.fail(fault);

        ResponseEntity<JsonNode> failed = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId))));

        assertVendorUnavailable(failed);
        assertThat(jdbc.queryForObject("SELECT activation_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, accountId, userId)).as("activation strikes").isZero();
        TestVendors.behave();
        assertThat(post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", VendorSimulator.currentCode(credentialId))).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void theVendorUnavailableProblemReadsExactlyAsItAlwaysHas() {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        TestVendors.fail(Fault.NO_VERDICT_200);
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.portal());
        headers.setContentType(MediaType.APPLICATION_JSON);

        ResponseEntity<String> failed = http.exchange(userPath("/symantec/activation"), HttpMethod.POST,
                new HttpEntity<>(Map.of("securityCode", VendorSimulator.currentCode(credentialId)), headers),
                String.class);

        assertThat(failed.getStatusCode().value()).isEqualTo(503);
        assertThat(failed.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(failed.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(failed.getBody()).isEqualTo("""
                {"type":"https://extauth.io/problems/vendor-unavailable","title":"Service Unavailable","status":503,\
                "detail":"Symantec VIP is not available right now. Nothing was changed and nothing counts against the \
                user; try again in a moment.","instance":"/api/users/%s/external-auth/symantec/activation",\
                "retryAfterSeconds":5}""".formatted(userId));
    }

    private static void assertVendorUnavailable(ResponseEntity<JsonNode> failed) {
        assertThat(failed.getStatusCode().value()).isEqualTo(503);
        assertThat(failed.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(failed.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(failed.getBody().path("type").asText()).isEqualTo("https://extauth.io/problems/vendor-unavailable");
        assertThat(failed.getBody().path("detail").asText()).contains("nothing counts against the user");
    }
}
