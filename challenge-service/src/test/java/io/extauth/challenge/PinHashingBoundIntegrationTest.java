package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.activation.adapter.PinHashing;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.testsupport.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * PIN hashing (bcrypt, 60 to 100 ms of a core) has a few places per instance
 * ({@code extauth.factor-changes.pin-hashing-concurrency}): with them all taken a save with a PIN answers 503 with
 * Retry-After after a bounded wait, nothing saved, and a login is still read at once. Unbounded, twelve saves with a
 * PIN held every request thread and both cores.
 */
class PinHashingBoundIntegrationTest extends IntegrationTestBase {

    @Autowired
    PinHashing hashing;

    @Test
    void withEveryPinHashingPlaceTakenASaveWithAPinIs503WithRetryAfterAndALoginIsReadAtOnce() throws Exception {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        ResponseEntity<JsonNode> login = challenge("PORTAL");
        assertThat(login.getStatusCode().is2xxSuccessful()).as("%s", login.getBody()).isTrue();
        String challengeId = login.getBody().path("challengeId").asText();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(2);
        ExecutorService holders = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2; i++) {
                holders.submit(() -> hashing.bounded(() -> {
                    taken.countDown();
                    awaitReleased(release);
                    return "";
                }));
            }
            awaitReleased(taken);
            String pin = "86420917";

            ResponseEntity<JsonNode> busy = saveSettings(TestJwt.admin(accountId), "PHONE_CALL_PIN", pin);

            assertThat(busy.getStatusCode().value()).as("%s", busy.getBody()).isEqualTo(503);
            assertThat(busy.getBody().path("type").asText()).endsWith("/pin-hashing-busy");
            assertThat(busy.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
            assertThat(HashedSecrets.hashed(pin)).isFalse();
            assertThat(status().path("pinSet").asBoolean()).isFalse();
            Instant asked = Instant.now();
            ResponseEntity<JsonNode> read = get("/api/challenges/" + challengeId + "?accountId=" + accountId
                    + "&userId=" + userId, TestJwt.portal());
            assertThat(read.getStatusCode().value()).as("%s", read.getBody()).isEqualTo(200);
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(2));

            release.countDown();
            ResponseEntity<JsonNode> saved = saveSettings(TestJwt.admin(accountId), "PHONE_CALL_PIN", pin);
            assertThat(saved.getStatusCode().value()).as("%s", saved.getBody()).isEqualTo(200);
            assertThat(saved.getBody().path("pinSet").asBoolean()).isTrue();
        } finally {
            release.countDown();
            holders.shutdown();
        }
    }

    private ResponseEntity<JsonNode> saveSettings(String token, String method, String pin) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("status", "ACTIVE", "method", method));
        if (pin != null) {
            body.put("pin", pin);
        }
        return put(userPath("/phonefactor/settings"), token, body);
    }
}
