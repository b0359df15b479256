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
 * Settings saves that change something are bounded, an admin's per caller within an account (300 an hour), the user's
 * own through the portal per user (20 an hour): beyond, 429 with Retry-After, nothing saved, no event (no e-mail), no
 * bcrypt. The portal's one token is no caller's bucket; an admin's saves meet no user's bound; an admin's PIN reset
 * starts the user's count afresh.
 */
class SettingsSaveLimitsIntegrationTest extends IntegrationTestBase {

    @Test
    void theTwentyFirstChangeOfOneUserInAnHourIs429WithRetryAfterAndNothingIsSavedPublishedOrHashed() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD); // the activation is the user's first change
        usersSavesBefore(userId, 19, Duration.ofMinutes(50));
        String pin = newPin();

        ResponseEntity<JsonNode> refused = saveSettings(TestJwt.portal(), "PHONE_CALL_PIN", pin);

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
        ResponseEntity<JsonNode> later = saveSettings(TestJwt.portal(), "PHONE_CALL_PIN", pin);
        assertThat(later.getStatusCode().value()).as("%s", later.getBody()).isEqualTo(200);
        assertThat(later.getBody().path("pinSet").asBoolean()).isTrue();
        topics().awaitEvent(FactorSettingsChanged.class, userId);
    }

    @Test
    void theCallersThreeHundredAndFirstChangeInAnAccountIs429ButOtherCallersAndAccountsStillSave() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String admin = TestJwt.admin(accountId);
        adminsSavesBefore("admin-" + accountId, "onboarded-user", 300, Duration.ofMinutes(30));

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

    @Test
    void portalSavesOfThreeHundredUsersInAnAccountLeaveTheNextUsersSaveAndTheAdminsBoundAlone() {
        // 300 users of this account activated through the portal in the last half hour: its one token, 300 saves
        for (int n = 1; n <= 300; n++) {
            usersSavesBefore("portal-user-" + n, 1, Duration.ofMinutes(30));
        }

        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD); // asserts the 301st user's activation is 200
        ResponseEntity<JsonNode> switched = saveSettings(TestJwt.portal(), "SMS_ONE_TIME", null);
        assertThat(switched.getStatusCode().value()).as("until session 66: 429 PER_CALLER, %s", switched.getBody())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM settings_save WHERE account_id = ? AND caller = 'portal' "
                + "AND NOT by_admin", Integer.class, accountId)).as("the portal's saves, each the user's").isEqualTo(302);

        // an admin's saves are still bounded per caller: 300 of this admin's for other users, and the next is refused
        adminsSavesBefore("admin-" + accountId, "onboarded-user", 300, Duration.ofMinutes(30));
        ResponseEntity<JsonNode> admins = saveSettings(TestJwt.admin(accountId), "PHONE_CALL_STANDARD", null);
        assertThat(admins.getStatusCode().value()).as("%s", admins.getBody()).isEqualTo(429);
        assertThat(admins.getBody().path("reason").asText()).isEqualTo("PER_CALLER");
    }

    @Test
    void twentySavesOfAStolenPortalSessionDoNotStopTheAdminsSavesWhichTheUsersBoundDoesNotCount() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        // lateral switches need no proof: 20 in the hour with the activation
        for (int n = 0; n < 19; n++) {
            ResponseEntity<JsonNode> lateral = saveSettings(TestJwt.portal(), n % 2 == 0 ? "SMS_ONE_TIME_PIN"
                    : "PHONE_CALL_PIN", null);
            assertThat(lateral.getStatusCode().value()).as("save %d: %s", n, lateral.getBody()).isEqualTo(200);
        }
        ResponseEntity<JsonNode> twentyFirst = saveSettings(TestJwt.portal(), "PHONE_CALL_PIN", null);
        assertThat(twentyFirst.getStatusCode().value()).isEqualTo(429);
        assertThat(twentyFirst.getBody().path("reason").asText()).isEqualTo("PER_USER");

        ResponseEntity<JsonNode> admins = saveSettings(TestJwt.admin(accountId), "PHONE_CALL_STANDARD", null);
        assertThat(admins.getStatusCode().value()).as("until session 66: 429 PER_USER, %s", admins.getBody())
                .isEqualTo(200);
        assertThat(admins.getBody().path("method").asText()).isEqualTo("PHONE_CALL_STANDARD");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM settings_save WHERE account_id = ? AND user_id = ? "
                + "AND NOT by_admin", Integer.class, accountId, userId)).as("the admin's save is not the user's")
                .isEqualTo(20);
        assertThat(saveSettings(TestJwt.portal(), "SMS_ONE_TIME", null).getStatusCode().value())
                .as("the user's own bound still holds").isEqualTo(429);
    }

    @Test
    void afterAnAdminsPinResetTheUserSavesANewPinAlthoughTheUsersBoundWasReached() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        usersSavesBefore(userId, 19, Duration.ofMinutes(50));
        assertThat(saveSettings(TestJwt.portal(), "SMS_ONE_TIME_PIN", null).getStatusCode().value()).isEqualTo(429);

        ResponseEntity<JsonNode> reset = post(userPath("/phonefactor/pin-reset"), TestJwt.admin(accountId), Map.of());
        assertThat(reset.getStatusCode().value()).as("%s", reset.getBody()).isEqualTo(200);
        assertThat(reset.getBody().path("pinSet").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM settings_save WHERE account_id = ? AND user_id = ? "
                + "AND by_admin", Integer.class, accountId, userId)).as("the reset is the admin's save").isEqualTo(1);

        String pin = newPin();
        ResponseEntity<JsonNode> newPin = saveSettings(TestJwt.portal(), "PHONE_CALL_PIN", pin);
        assertThat(newPin.getStatusCode().value()).as("until session 66: 429 PER_USER for up to an hour, %s",
                newPin.getBody()).isEqualTo(200);
        assertThat(newPin.getBody().path("pinSet").asBoolean()).isTrue();
    }

    @Test
    void anAdminsPinResetsAreBoundedPerCaller() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_PIN);
        adminsSavesBefore("admin-" + accountId, "onboarded-user", 300, Duration.ofMinutes(30));

        ResponseEntity<JsonNode> reset = post(userPath("/phonefactor/pin-reset"), TestJwt.admin(accountId), Map.of());

        assertThat(reset.getStatusCode().value()).as("%s", reset.getBody()).isEqualTo(429);
        assertThat(reset.getBody().path("reason").asText()).isEqualTo("PER_CALLER");
        assertThat(status().path("pinSet").asBoolean()).as("nothing reset").isTrue();
    }

    /** {@code count} saves of the user's own through the portal, the oldest {@code oldest} ago, the rest just now. */
    private void usersSavesBefore(String user, int count, Duration oldest) {
        savedBefore("portal", user, false, count, oldest);
    }

    /** {@code count} saves of admin {@code caller} for {@code user}, the oldest {@code oldest} ago, the rest just now. */
    private void adminsSavesBefore(String caller, String user, int count, Duration oldest) {
        savedBefore(caller, user, true, count, oldest);
    }

    /** {@code count} saves of {@code caller} in this account, the oldest {@code oldest} ago, the rest just now. */
    private void savedBefore(String caller, String user, boolean byAdmin, int count, Duration oldest) {
        Instant now = clock.instant();
        jdbc.update("INSERT INTO settings_save (account_id, user_id, caller, by_admin, saved_at) SELECT ?, ?, ?, ?, "
                + "CASE WHEN n = 1 THEN ?::timestamptz ELSE ?::timestamptz END FROM generate_series(1, ?) n", accountId,
                user, caller, byAdmin, Timestamp.from(now.minus(oldest)), Timestamp.from(now.minusSeconds(1)), count);
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
