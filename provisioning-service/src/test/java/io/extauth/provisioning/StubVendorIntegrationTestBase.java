package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import io.extauth.testsupport.ViewRecorder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * What a provisioning test with a context of its own and its own {@link StubPhoneFactor} shares: the upstream events it
 * sends, the outcomes it watches, its look at an order's row. No context of its own and no annotation: each test keeps
 * its own {@code @SpringBootTest}, {@code @EmbeddedKafka} and {@code @DirtiesContext}, and its own vendor, which it
 * registers ({@code @DynamicPropertySource}) and stops ({@code @AfterAll}) itself. Not to be confused with
 * {@link ProvisioningIntegrationTestBase}, the one context the tests on the vendor simulator share.
 */
abstract class StubVendorIntegrationTestBase {

    static TopicRecorder topics;
    static TestEvents upstream;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.AUTH_PROVISIONED));
        upstream = new TestEvents(broker.getBrokersAsString());
    }

    /** Every event the services wrote carries each field the AsyncAPI documents call required (RequiredByNullness). */
    @AfterEach
    void everyEventOfTheServicesCarriesWhatItsContractRequires() {
        if (topics != null) {
            assertThat(topics.fieldsTheContractRequiresButTheServicesLeftOut()).isEmpty();
        }
    }

    /** Every view the services answered with carries each field the OpenAPI documents call required (ViewRecorder). */
    @AfterEach
    void everyViewOfTheServicesCarriesWhatItsContractRequires() {
        assertThat(ViewRecorder.takeFieldsTheContractRequiresButTheServicesLeftOut()).isEmpty();
    }

    @AfterAll
    static void stop() {
        topics.close();
        upstream.close();
    }

    /** The order's row, or a pending one while the worker has not read the order yet. */
    Map<String, Object> row(AuthOrdered order) {
        return jdbc.queryForList("SELECT * FROM provisioning WHERE order_id = ?", order.orderId()).stream()
                .findFirst().orElse(Map.of("status", "PENDING"));
    }

    int attempts(AuthOrdered order) {
        Object attempts = row(order).get("attempts");
        return attempts == null ? 0 : ((Number) attempts).intValue();
    }

    static Predicate<RecordedEvent> outcomeOf(AuthOrdered order) {
        return e -> e.is(Provisioned.class) && order.orderId().equals(e.as(Provisioned.class).orderId())
                || e.is(ProvisioningFailed.class) && order.orderId().equals(e.as(ProvisioningFailed.class).orderId());
    }

    /** A PhoneFactor order of a new user. */
    static AuthOrdered order() {
        return new AuthOrdered("1234", "user-" + UUID.randomUUID(), "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR,
                null, "jane.doe@example.com", null, new BigDecimal("4.00"), OrderChannel.PORTAL, Instant.now());
    }
}
