package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.testsupport.RecordedEvent;
import java.time.Duration;
import java.util.List;
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
 * A vendor that accepts an order with a {@code vendorRef} that is no reference (CR/LF, 60 KiB, a NUL), on the real
 * worker, database and broker: the order is tried again with the back-off, each attempt recorded with its reason, and
 * the reference is neither stored nor announced. Before, CR/LF and 60 KiB were stored and published as they came (the
 * NUL was refused already, by the service's JSON reader). A context of its own, closed after: PhoneFactor is the
 * test's vendor here, not the simulator every other provisioning test shares.
 */
@SpringBootTest(properties = {
        "extauth.provisioning.retry.initial-interval=50ms",
        "extauth.provisioning.retry.max-interval=500ms",
        "extauth.provisioning.worker.poll-interval=100ms"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
class HostileVendorRefIntegrationTest extends StubVendorIntegrationTestBase {

    /** The vendorRef the test's vendor answers for a user's order; a good one for any other user. */
    private static final Map<String, String> REF_OF_USER = new ConcurrentHashMap<>();
    /** PhoneFactor creating every user it is asked for, with the vendorRef the test chose for the user. */
    private static final StubPhoneFactor vendor = new StubPhoneFactor((user, exchange) -> StubPhoneFactor.answer(
            exchange, 201, "application/json", StubPhoneFactor.JSON.writeValueAsString(Map.of("vendorRef",
                    REF_OF_USER.getOrDefault(user.get("userId").asText(), "PF-" + UUID.randomUUID())))));

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        vendor.register(registry);
    }

    @AfterAll
    static void stopVendor() {
        vendor.stop();
    }

    @Test
    void anAcceptanceWhoseVendorRefIsNoReferenceIsTriedAgainWithItsReasonAndNeverStoredNorAnnounced() {
        List<String> hostile = List.of("a\u0000b", "PF-1\r\nWARN forged line", "PF-" + "x".repeat(60 * 1024));
        List<AuthOrdered> orders = hostile.stream().map(ref -> {
            AuthOrdered order = order();
            REF_OF_USER.put(order.userId(), ref);
            return order;
        }).toList();
        AuthOrdered wellAnswered = order();

        orders.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
        upstream.sendBinary(Topics.AUTH_ORDERED, wellAnswered);

        RecordedEvent provisioned = topics.awaitEvent(Topics.AUTH_PROVISIONED, outcomeOf(wellAnswered));
        assertThat(provisioned.as(Provisioned.class).vendorRef()).as("the test's vendor answers").startsWith("PF-");
        // each attempt's outcome recorded: a later one, or the order settled (the defect), ends the wait
        await("three attempts, each recorded").atMost(Duration.ofSeconds(30)).until(() -> orders.stream()
                .allMatch(order -> attempts(order) >= 3 && row(order).get("last_error") != null
                        || !"PENDING".equals(row(order).get("status"))));
        for (AuthOrdered order : orders) {
            Map<String, Object> row = row(order);
            assertThat(row.get("status")).as("still being tried").isEqualTo("PENDING");
            assertThat(row.get("vendor_ref")).as("nothing of it stored").isNull();
            assertThat((String) row.get("last_error")).as("why").isIn(
                    // the service's JSON reader refuses a NUL in any text (service-kit's storable text)
                    "PhoneFactor gave an unreadable answer to create the user (RestClientException)",
                    "the vendor accepted but sent a vendorRef that is no reference: U+000D at 5 (only visible ASCII)",
                    "the vendor accepted but sent a vendorRef that is no reference: 61443 characters (at most 128)");
            // read between two attempts: the next one (after a back-off of seconds) may hold its lease right now
            await("its lease given back with each outcome").atMost(Duration.ofSeconds(30))
                    .until(() -> row(order).get("lease_token") == null);
            assertThat(row.get("next_attempt_at")).as("due again after the back-off").isNotNull();
            assertThat(topics.events(Topics.AUTH_PROVISIONED, outcomeOf(order))).as("announced").isEmpty();
        }
    }
}
