package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.testsupport.TestJwt;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Settings saves that change something are bounded per caller within an account (300 an hour) and per user (20 an
 * hour): beyond, 429 with Retry-After, nothing saved, no event (no e-mail), no bcrypt.
 */
class SettingsSaveLimitsIntegrationTest extends IntegrationTestBase {

    @Test
    void theTwentyFirstChangeOfOneUserInAnHourIs429WithRetryAfterAndNothingIsSavedPublishedOrHashed() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD); // the activation is the user's first change
        savedBefore("someone-else", userId, 19, Duration.ofMinutes(50));
        String pin = newPin();

        ResponseEntity<JsonNode> refused = saveSettings(TestJwt.admin(accountId), "PHONE_CALL_PIN", pin);

        assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(429);
        assertThat(refused.getBody().path("type").asText()).endsWith("/too-many-settings-saves");
        assertThat(refused.getBody().path("reason").asText()).isEqualTo("PER_USER");
        long retryAfter = Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(9 * 60L, 10 * 60L + 1);
        assertThat(status().path("method").asText()).isEqualTo("PHONE_CALL_STANDARD");
        assertThat(status().path("pinSet").asBoolean()).isFalse();
        assertThat(HashedSecrets.hashed(pin)).as("no bcrypt for a refused save").isFalse();
        assertThat(assertThatEvents(topics().events()).of(FactorSettingsChanged.class,
                e -> userId.equals(e.userId()))).isEmpty();

        clock.advance(Duration.ofSeconds(retryAfter));
        ResponseEntity<JsonNode> later = saveSettings(TestJwt.admin(accountId), "PHONE_CALL_PIN", pin);
        assertThat(later.getStatusCode().value()).as("%s", later.getBody()).isEqualTo(200);
        assertThat(later.getBody().path("pinSet").asBoolean()).isTrue();
        topics().awaitEvent(FactorSettingsChanged.class, userId);
    }

    @Test
    void theCallersThreeHundredAndFirstChangeInAnAccountIs429ButOtherCallersAndAccountsStillSave() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String admin = TestJwt.admin(accountId);
        savedBefore("admin-" + accountId, "onboarded-user", 300, Duration.ofMinutes(30));

        ResponseEntity<JsonNode> refused = saveSettings(admin, "SMS_ONE_TIME", null);

        assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(429);
        assertThat(refused.getBody().path("reason").asText()).isEqualTo("PER_CALLER");
        assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(status().path("method").asText()).isEqualTo("PHONE_CALL_STANDARD");
        assertThat(saveSettings(admin, "PHONE_CALL_STANDARD", null).getStatusCode().value())
                .as("a save that changes nothing is not refused, nor counted").isEqualTo(200);
        assertThat(saveSettings(TestJwt.portal(), "SMS_ONE_TIME", null).getStatusCode().value())
                .as("the user's own save through the portal is another caller's").isEqualTo(200);

        accountId = newAccountId();
        userId = "user-" + java.util.UUID.randomUUID();
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        ResponseEntity<JsonNode> elsewhere = saveSettings(TestJwt.admin(accountId), "SMS_ONE_TIME", null);
        assertThat(elsewhere.getStatusCode().value()).as("another account's admin").isEqualTo(200);
        assertThat(elsewhere.getBody().path("method").asText()).isEqualTo("SMS_ONE_TIME");
    }

    /** {@code count} saves of {@code caller} in this account, the oldest {@code oldest} ago, the rest just now. */
    private void savedBefore(String caller, String user, int count, Duration oldest) {
        Instant now = clock.instant();
        jdbc.update("INSERT INTO settings_save (account_id, user_id, caller, saved_at) SELECT ?, ?, ?, "
                + "CASE WHEN n = 1 THEN ?::timestamptz ELSE ?::timestamptz END FROM generate_series(1, ?) n", accountId, user, caller,
                Timestamp.from(now.minus(oldest)), Timestamp.from(now.minusSeconds(1)), count);
    }

    private ResponseEntity<JsonNode> saveSettings(String token, String method, String pin) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("status", "ACTIVE", "method", method));
        if (pin != null) {
            body.put("pin", pin);
        }
        return put(userPath("/phonefactor/settings"), token, body);
    }

    private static String newPin() {
        return String.valueOf(ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999)).replace("0", "5")
                .substring(0, 6) + "19";
    }
}
