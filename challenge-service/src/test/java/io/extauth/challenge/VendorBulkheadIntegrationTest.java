package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A vendor that hangs holds no more request threads than its bound ({@code max-calls-in-flight}, here
 * {@value IntegrationTestBase#VIP_MAX_CALLS_IN_FLIGHT} for VIP): the call beyond it is refused before it is sent, as
 * {@code 503 vendor-unavailable} with no strike, and the rest of the service, the other vendor's logins among it,
 * answers as before.
 */
class VendorBulkheadIntegrationTest extends IntegrationTestBase {

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void vipBehaves() {
        TestVip.behave();
    }

    private record Login(String accountId, String userId, String credentialId, String challengeId) {
    }

    @Test
    void aHungVipHoldsAtMostItsBoundOfCallsAndTheNextAnswerIs503WithNoStrikeWhilePhoneLoginsGoOn() throws Exception {
        List<Login> logins = new ArrayList<>();
        for (int i = 0; i <= VIP_MAX_CALLS_IN_FLIGHT; i++) {
            accountId = newAccountId();
            userId = "user-bulkhead-" + i + "-" + System.nanoTime();
            String credentialId = activeSymantecUser();
            logins.add(new Login(accountId, userId, credentialId,
                    challenge("PORTAL").getBody().path("challengeId").asText()));
        }
        accountId = newAccountId();
        userId = "user-bulkhead-phone-" + System.nanoTime();
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        double refusedBefore = refused();
        int validationsBefore = TestVip.validations();
        TestVip.hold();

        List<CompletableFuture<ResponseEntity<JsonNode>>> held = new ArrayList<>();
        for (Login login : logins.subList(0, VIP_MAX_CALLS_IN_FLIGHT)) {
            held.add(CompletableFuture.supplyAsync(() -> answer(login)));
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> TestVip.validations() - validationsBefore == VIP_MAX_CALLS_IN_FLIGHT);
        int inFlightWhileHeld = (int) meters.get("extauth.vendor.calls.in.flight").tag("vendor", "symantec-vip")
                .gauge().value();
        Login oneTooMany = logins.get(VIP_MAX_CALLS_IN_FLIGHT);
        long started = System.nanoTime();
        ResponseEntity<JsonNode> refused = answer(oneTooMany);
        Duration refusedIn = Duration.ofNanos(System.nanoTime() - started);
        ResponseEntity<JsonNode> phoneLogin = challenge("PORTAL");
        int validationsWhileHeld = TestVip.validations() - validationsBefore;
        TestVip.behave();

        assertThat(inFlightWhileHeld).as("VIP validations under way").isEqualTo(VIP_MAX_CALLS_IN_FLIGHT);
        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(refused.getBody().path("type").asText()).isEqualTo("https://extauth.io/problems/vendor-unavailable");
        assertThat(refusedIn).as("refused at once, not after VIP's read timeout").isLessThan(VIP_READ_TIMEOUT);
        assertThat(validationsWhileHeld).as("the refused answer never reached VIP")
                .isEqualTo(VIP_MAX_CALLS_IN_FLIGHT);
        assertThat(refused() - refusedBefore).as("extauth.vendor.calls.refused").isEqualTo(1.0);
        assertThat(phoneLogin.getStatusCode().value()).as("a phone login while VIP hangs").isEqualTo(201);
        assertThat(VendorSimulator.ringingCall(phoneLogin.getBody().path("challengeId").asText())).isNotBlank();

        for (CompletableFuture<ResponseEntity<JsonNode>> answer : held) {
            answer.get(30, TimeUnit.SECONDS); // released, or cut at VIP's read timeout: either way over
        }
        assertThat(jdbc.queryForObject("SELECT consecutive_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, oneTooMany.accountId(), oneTooMany.userId())).as("strikes").isZero();
        ResponseEntity<JsonNode> again = answer(oneTooMany);
        assertThat(again.getBody().path("status").asText()).as("the refused answer, given again")
                .isEqualTo("SUCCEEDED");
        assertThat((int) meters.get("extauth.vendor.calls.in.flight").tag("vendor", "symantec-vip").gauge().value())
                .as("every permit given back").isZero();
    }

    private ResponseEntity<JsonNode> answer(Login login) {
        return post("/api/challenges/" + login.challengeId() + "/responses", TestJwt.portal(),
                Map.of("accountId", login.accountId(), "userId", login.userId(),
                        "code", VendorSimulator.currentCode(login.credentialId())));
    }

    private double refused() {
        var counter = meters.find("extauth.vendor.calls.refused").tag("vendor", "symantec-vip").counter();
        return counter == null ? 0 : counter.count();
    }
}
