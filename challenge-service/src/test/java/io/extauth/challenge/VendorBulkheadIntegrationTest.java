package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A vendor that hangs holds no more calls, nor of its own threads, than its bound ({@code max-calls-in-flight}, here
 * {@value IntegrationTestBase#VIP_MAX_CALLS_IN_FLIGHT} for VIP,
 * {@value IntegrationTestBase#TELEPHONY_MAX_CALLS_IN_FLIGHT} for the gateway): the call beyond it is refused before it is sent, as {@code 503 vendor-unavailable} with no strike
 * and, for the gateway, no challenge and no contact counted; the rest of the service, the other vendor's logins among
 * it, answers as before.
 */
class VendorBulkheadIntegrationTest extends IntegrationTestBase {

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void vipBehaves() {
        TestVendors.behave();
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
        int validationsBefore = TestVendors.validations();
        // everything the held window needs is fetched before it: VIP's read timeout (2 s here) ends the hold
        List<String> codes = logins.stream().map(login -> VendorSimulator.currentCode(login.credentialId())).toList();
        ExecutorService answering = Executors.newFixedThreadPool(VIP_MAX_CALLS_IN_FLIGHT);
        TestVendors.hold();

        List<Future<ResponseEntity<JsonNode>>> held = new ArrayList<>();
        for (int i = 0; i < VIP_MAX_CALLS_IN_FLIGHT; i++) {
            Login login = logins.get(i);
            String code = codes.get(i);
            held.add(answering.submit(() -> answer(login, code)));
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> TestVendors.validations() - validationsBefore == VIP_MAX_CALLS_IN_FLIGHT);
        int inFlightWhileHeld = (int) meters.get("extauth.vendor.calls.in.flight").tag("vendor", "symantec-vip")
                .gauge().value();
        Login oneTooMany = logins.get(VIP_MAX_CALLS_IN_FLIGHT);
        long started = System.nanoTime();
        ResponseEntity<JsonNode> refused = answer(oneTooMany, codes.get(VIP_MAX_CALLS_IN_FLIGHT));
        Duration refusedIn = Duration.ofNanos(System.nanoTime() - started);
        boolean stillHeld = held.stream().noneMatch(Future::isDone);
        ResponseEntity<JsonNode> phoneLogin = challenge("PORTAL");
        int validationsWhileHeld = TestVendors.validations() - validationsBefore;
        TestVendors.behave();

        assertThat(stillHeld).as("the held validations were still under way when the next answer came (a slow run "
                + "that let VIP's read timeout end them cannot tell anything)").isTrue();
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

        for (Future<ResponseEntity<JsonNode>> answer : held) {
            answer.get(30, TimeUnit.SECONDS); // released, or cut at VIP's read timeout: either way over
        }
        answering.shutdown();
        assertThat(jdbc.queryForObject("SELECT consecutive_failures FROM user_factor WHERE account_id = ? AND "
                + "user_id = ?", Integer.class, oneTooMany.accountId(), oneTooMany.userId())).as("strikes").isZero();
        ResponseEntity<JsonNode> again = answer(oneTooMany, VendorSimulator.currentCode(oneTooMany.credentialId()));
        assertThat(again.getBody().path("status").asText()).as("the refused answer, given again")
                .isEqualTo("SUCCEEDED");
        assertThat((int) meters.get("extauth.vendor.calls.in.flight").tag("vendor", "symantec-vip").gauge().value())
                .as("every permit given back").isZero();
    }

    @Test
    void aHungGatewayHoldsAtMostItsBoundAndALoginOrVerificationBeyondItIs503AndRecordsNothing() throws Exception {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String loginAccount = accountId;
        String loginUser = userId;
        List<String> verifying = new ArrayList<>();
        String lastAccount = null;
        String lastUser = null;
        for (int i = 0; i <= TELEPHONY_MAX_CALLS_IN_FLIGHT; i++) {
            accountId = newAccountId();
            userId = "user-bulkhead-verifies-" + i + "-" + System.nanoTime();
            provisioned(AuthType.PHONEFACTOR, null);
            verifying.add(userPath("/phonefactor/phones"));
            lastAccount = accountId;
            lastUser = userId;
        }
        accountId = loginAccount;
        userId = loginUser;
        int contactsOfTheUser = contactsOf(loginAccount, loginUser);
        int challengesOfTheUser = challengesOf(loginAccount, loginUser);
        double refusedBefore = refused("phonefactor");
        int contactsBefore = TestVendors.contacts();
        ExecutorService calling = Executors.newFixedThreadPool(TELEPHONY_MAX_CALLS_IN_FLIGHT);
        TestVendors.holdContacts();

        List<Future<ResponseEntity<JsonNode>>> held = new ArrayList<>();
        for (String path : verifying.subList(0, TELEPHONY_MAX_CALLS_IN_FLIGHT)) {
            held.add(calling.submit(() -> verify(path)));
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> TestVendors.contacts() - contactsBefore == TELEPHONY_MAX_CALLS_IN_FLIGHT);
        long started = System.nanoTime();
        ResponseEntity<JsonNode> login = challenge("PORTAL");
        ResponseEntity<JsonNode> verification = verify(verifying.get(TELEPHONY_MAX_CALLS_IN_FLIGHT));
        Duration refusedIn = Duration.ofNanos(System.nanoTime() - started);
        boolean stillHeld = held.stream().noneMatch(Future::isDone);
        int contactsWhileHeld = TestVendors.contacts() - contactsBefore;
        TestVendors.behave();

        assertThat(stillHeld).as("the held calls were still under way when the next ones came").isTrue();
        for (ResponseEntity<JsonNode> refused : List.of(login, verification)) {
            assertThat(refused.getStatusCode().value()).isEqualTo(503);
            assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(refused.getBody().path("type").asText())
                    .isEqualTo("https://extauth.io/problems/vendor-unavailable");
        }
        assertThat(refusedIn).as("both refused at once, not after the gateway's read timeout")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(contactsWhileHeld).as("the refused ones never reached the gateway")
                .isEqualTo(TELEPHONY_MAX_CALLS_IN_FLIGHT);
        assertThat(refused("phonefactor") - refusedBefore).as("extauth.vendor.calls.refused").isEqualTo(2.0);
        assertThat(contactsOf(loginAccount, loginUser)).as("no contact counted for the refused login")
                .isEqualTo(contactsOfTheUser);
        assertThat(challengesOf(loginAccount, loginUser)).as("no challenge made for the refused login")
                .isEqualTo(challengesOfTheUser);
        assertThat(contactsOf(lastAccount, lastUser)).as("no contact counted for the refused verification").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM phone_verification WHERE account_id = ? AND user_id = ?",
                Integer.class, lastAccount, lastUser)).as("no verification recorded for it").isZero();
        for (Future<ResponseEntity<JsonNode>> call : held) {
            assertThat(call.get(30, TimeUnit.SECONDS).getStatusCode().value()).as("a held verification, released")
                    .isEqualTo(202);
        }
        calling.shutdown();
        ResponseEntity<JsonNode> again = challenge("PORTAL");
        assertThat(again.getStatusCode().value()).as("the same login, asked again").isEqualTo(201);
        assertThat(VendorSimulator.ringingCall(again.getBody().path("challengeId").asText())).isNotBlank();
        assertThat(contactsOf(loginAccount, loginUser)).isEqualTo(contactsOfTheUser + 1);
    }

    private ResponseEntity<JsonNode> verify(String phonesPath) {
        return post(phonesPath, TestJwt.portal(), Map.of("slot", "PRIMARY", "countryCode", "1",
                "number", newNationalNumber()));
    }

    private int contactsOf(String account, String user) {
        return jdbc.queryForObject("SELECT count(*) FROM contact_attempt WHERE account_id = ? AND user_id = ?",
                Integer.class, account, user);
    }

    private int challengesOf(String account, String user) {
        return jdbc.queryForObject("SELECT count(*) FROM challenge WHERE account_id = ? AND user_id = ?",
                Integer.class, account, user);
    }

    private ResponseEntity<JsonNode> answer(Login login, String code) {
        return post("/api/challenges/" + login.challengeId() + "/responses", TestJwt.portal(),
                Map.of("accountId", login.accountId(), "userId", login.userId(), "code", code));
    }

    private double refused() {
        return refused("symantec-vip");
    }

    private double refused(String vendor) {
        var counter = meters.find("extauth.vendor.calls.refused").tag("vendor", vendor).counter();
        return counter == null ? 0 : counter.count();
    }
}
