package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.testsupport.RecordedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A 4xx that is not the vendor's word (an egress proxy's {@code 407} with its HTML page once its credentials expired),
 * on the real worker, database and broker: an order is tried again, not failed, and a removal whose lookup by key meets
 * it is tried again, not recorded as an order the vendor never had; the vendor's own refusal, its problem response
 * with a {@code code}, still ends the order at once. A context of its own, closed after: PhoneFactor is the test's
 * vendor here, not the simulator every other provisioning test shares.
 */
@SpringBootTest(properties = {
        "extauth.provisioning.retry.initial-interval=50ms",
        "extauth.provisioning.retry.max-interval=500ms",
        "extauth.provisioning.worker.poll-interval=100ms"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
class VendorMisconfigurationIntegrationTest extends StubVendorIntegrationTestBase {

    /** What the way to PhoneFactor answers a user's order with; PhoneFactor creates the user when nothing is set. */
    private enum Answer { PROXY_REFUSES, VENDOR_REFUSES, VENDOR_DOWN }

    private static final Map<String, Answer> ANSWER_OF_USER = new ConcurrentHashMap<>();
    /** PhoneFactor's user directory, behind a way that answers each user's order as the test set it. */
    private static final StubPhoneFactor vendor = new StubPhoneFactor((user, exchange) -> {
        Answer answer = ANSWER_OF_USER.get(user.get("userId").asText());
        if (answer == Answer.PROXY_REFUSES) {
            exchange.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"egress\"");
            StubPhoneFactor.answer(exchange, 407, "text/html", "<html><body><h1>407 Proxy Authentication Required</h1>"
                    + "</body></html>");
        } else if (answer == Answer.VENDOR_REFUSES) {
            StubPhoneFactor.answer(exchange, 422, "application/problem+json", StubPhoneFactor.JSON.writeValueAsString(
                    Map.of("code", "USER_REJECTED", "detail", "no such department")));
        } else if (answer == Answer.VENDOR_DOWN) {
            StubPhoneFactor.answer(exchange, 503, "text/plain", "down");
        } else {
            StubPhoneFactor.answer(exchange, 201, "application/json",
                    StubPhoneFactor.JSON.writeValueAsString(Map.of("vendorRef", "PF-" + UUID.randomUUID())));
        }
    });

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        vendor.register(registry);
    }

    @AfterAll
    static void stopVendor() {
        vendor.stop();
    }

    @Test
    void anOrderMetByAProxysRefusalIsTriedAgainWhileTheVendorsOwnRefusalEndsItAtOnce() {
        AuthOrdered behindTheProxy = order(Answer.PROXY_REFUSES);
        AuthOrdered refused = order(Answer.VENDOR_REFUSES);

        upstream.sendBinary(Topics.AUTH_ORDERED, behindTheProxy);
        upstream.sendBinary(Topics.AUTH_ORDERED, refused);

        RecordedEvent failed = topics.awaitEvent(Topics.AUTH_PROVISIONED, outcomeOf(refused));
        assertThat(failed.as(ProvisioningFailed.class).reason()).isEqualTo("USER_REJECTED: no such department");
        // a third attempt, or the order settled (the defect), ends the wait
        await("three attempts").atMost(Duration.ofSeconds(30)).until(() -> attempts(behindTheProxy) >= 3
                || !"PENDING".equals(row(behindTheProxy).get("status")));
        Map<String, Object> row = row(behindTheProxy);
        assertThat(row.get("status")).as("still being tried").isEqualTo("PENDING");
        assertThat((String) row.get("last_error")).contains("407");
        assertThat(topics.events(Topics.AUTH_PROVISIONED, outcomeOf(behindTheProxy))).as("announced").isEmpty();
    }

    @Test
    void aRemovalWhoseLookupByKeyMeetsAProxysRefusalIsTriedAgainNotTakenForAnOrderTheVendorNeverHad() {
        // tried while PhoneFactor was down: it may have the user, so a cancellation removes it there, looking it up
        // by the order's key first
        AuthOrdered order = order(Answer.VENDOR_DOWN);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        await("an attempt").atMost(Duration.ofSeconds(30)).until(() -> attempts(order) >= 1);
        upstream.sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(order.accountId(), order.userId(),
                order.orderId(), "admin-1234", Instant.now()));
        await("a removal attempt").atMost(Duration.ofSeconds(30)).until(() -> removalAttempts(order) >= 1);

        ANSWER_OF_USER.put(order.userId(), Answer.PROXY_REFUSES);

        // two more removal attempts, or the removal settled (the defect), end the wait
        int before = removalAttempts(order);
        await("two more removal attempts").atMost(Duration.ofSeconds(30)).until(() -> removalAttempts(order) >= before + 2
                || !"DEPROVISIONING".equals(row(order).get("status")));
        Map<String, Object> row = row(order);
        assertThat(row.get("status")).as("still being removed").isEqualTo("DEPROVISIONING");
        assertThat((String) row.get("last_error")).contains("407");
    }

    private int removalAttempts(AuthOrdered order) {
        Object attempts = row(order).get("deprovision_attempts");
        return attempts == null ? 0 : ((Number) attempts).intValue();
    }

    private static AuthOrdered order(Answer answer) {
        AuthOrdered order = order();
        ANSWER_OF_USER.put(order.userId(), answer);
        return order;
    }
}
