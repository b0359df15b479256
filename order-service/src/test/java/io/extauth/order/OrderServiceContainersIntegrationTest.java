package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.testsupport.ContainersIntegrationTestBase;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The billing door on a real Kafka broker and PostgreSQL server in containers; skipped where Docker is missing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class OrderServiceContainersIntegrationTest extends ContainersIntegrationTestBase {

    @Test
    void billingOrderBecomesAuthOrderedOnARealBrokerAndDatabase() {
        String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = "B-" + UUID.randomUUID();
        try (TopicRecorder recorder = new TopicRecorder(KAFKA.getBootstrapServers(), List.of(Topics.AUTH_ORDERED));
                TestEvents billing = new TestEvents(KAFKA.getBootstrapServers())) {
            billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced("acct-1234", user, orderId,
                    user + "@example.com", "PHONEFACTOR", null, "WELCOME10", true, "billing"));

            AuthOrdered ordered = recorder.awaitEvent(AuthOrdered.class, user);

            assertThat(ordered.orderId()).isEqualTo(orderId);
            assertThat(ordered.monthlyFee()).hasToString("2.70");
        }
    }
}
