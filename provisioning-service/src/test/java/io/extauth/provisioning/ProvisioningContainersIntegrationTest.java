package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The happy path on a real Kafka broker and PostgreSQL in containers; skipped where there is no Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProvisioningContainersIntegrationTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:3.9.1");
    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17-alpine");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
        registry.add("extauth.vendors.phonefactor.base-url", InTestVendorSimulator::baseUrl);
        registry.add("extauth.vendors.symantec-vip.base-url", InTestVendorSimulator::baseUrl);
    }

    @Test
    void aPhoneFactorOrderIsProvisionedOnRealInfrastructure() {
        AuthOrdered order = ProvisioningIntegrationTest.phoneFactorOrder("user-" + UUID.randomUUID());
        try (TopicRecorder topics = new TopicRecorder(KAFKA.getBootstrapServers(), List.of(Topics.AUTH_PROVISIONED));
                TestEvents upstream = new TestEvents(KAFKA.getBootstrapServers())) {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);

            RecordedEvent provisioned = topics.awaitEvent(Topics.AUTH_PROVISIONED, "Provisioned", order.userId());

            assertThat(provisioned.text("orderId")).isEqualTo(order.orderId());
            assertThat(provisioned.text("vendorRef")).startsWith("PF-");
        }
    }
}
