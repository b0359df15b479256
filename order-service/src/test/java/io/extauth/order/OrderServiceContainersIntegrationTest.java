package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The billing door on a real Kafka broker and PostgreSQL server in containers; skipped where Docker is missing. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class OrderServiceContainersIntegrationTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");

    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17-alpine");

    @DynamicPropertySource
    static void containers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
    }

    @Test
    void billingOrderBecomesAuthOrderedOnARealBrokerAndDatabase() {
        String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = "B-" + UUID.randomUUID();
        try (TopicRecorder recorder = new TopicRecorder(KAFKA.getBootstrapServers(), List.of(Topics.AUTH_ORDERED));
                TestEvents billing = new TestEvents(KAFKA.getBootstrapServers())) {
            billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced("acct-1234", user, orderId,
                    user + "@example.com", "PHONEFACTOR", null, "WELCOME10", true, "billing"));

            RecordedEvent ordered = recorder.awaitEvent(Topics.AUTH_ORDERED, "AuthOrdered", user);

            assertThat(ordered.text("orderId")).isEqualTo(orderId);
            assertThat(ordered.text("monthlyFee")).isEqualTo("2.70");
        }
    }
}
