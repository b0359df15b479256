package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.testsupport.ContainersIntegrationTestBase;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import io.extauth.testsupport.VendorSimulator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The happy path on a real Kafka broker and PostgreSQL in containers; skipped where there is no Docker engine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProvisioningContainersIntegrationTest extends ContainersIntegrationTestBase {

    @DynamicPropertySource
    static void service(DynamicPropertyRegistry registry) {
        registry.add("extauth.vendors.phonefactor.base-url", VendorSimulator::baseUrl);
        registry.add("extauth.vendors.symantec-vip.base-url", VendorSimulator::baseUrl);
    }

    @Test
    void aPhoneFactorOrderIsProvisionedOnRealInfrastructure() {
        AuthOrdered order = ProvisioningIntegrationTestBase.phoneFactorOrder("user-" + UUID.randomUUID());
        try (TopicRecorder topics = new TopicRecorder(KAFKA.getBootstrapServers(), List.of(Topics.AUTH_PROVISIONED));
                TestEvents upstream = new TestEvents(KAFKA.getBootstrapServers())) {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);

            Provisioned provisioned = topics.awaitEvent(Provisioned.class, order.userId());

            assertThat(provisioned.orderId()).isEqualTo(order.orderId());
            assertThat(provisioned.vendorRef()).startsWith("PF-");
        }
    }
}
