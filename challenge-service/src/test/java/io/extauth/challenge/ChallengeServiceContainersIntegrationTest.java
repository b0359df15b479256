package io.extauth.challenge;

import io.extauth.testsupport.ContainersIntegrationTestBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same service on a real Kafka broker and PostgreSQL server in containers; skipped where Docker is missing. */
@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChallengeServiceContainersIntegrationTest extends ContainersIntegrationTestBase {

    @DynamicPropertySource
    static void service(DynamicPropertyRegistry registry) {
        registry.add("extauth.vendors.phonefactor.base-url", VendorSimulator::baseUrl);
        registry.add("extauth.vendors.phonefactor.callback-secret", () -> VendorSimulator.CALLBACK_SECRET);
        registry.add("extauth.callbacks.base-url", () -> "http://127.0.0.1:${local.server.port}");
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void anOrderedAndProvisionedUserCanActivateSymantecOnRealInfrastructure() {
        String accountId = "acct-tc";
        String userId = "user-" + UUID.randomUUID();
        String orderId = "order-" + UUID.randomUUID();
        String credentialId = "VSST" + (10_000_000 + Math.abs(userId.hashCode() % 89_999_999));
        try (TestEvents events = new TestEvents(KAFKA.getBootstrapServers())) {
            events.sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId, orderId,
                    AuthType.SYMANTEC_VIP, credentialId, "jane@example.com", null, new BigDecimal("4.50"),
                    OrderChannel.BILLING, Instant.now()));
            events.sendBinary(Topics.AUTH_PROVISIONED, new Provisioned(accountId, userId, orderId,
                    AuthType.SYMANTEC_VIP, "vendor-1", Instant.now()));
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.portal());
        String path = "/api/users/" + userId + "/external-auth?accountId=" + accountId;

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(http.exchange(path, HttpMethod.GET,
                new HttpEntity<>(headers), JsonNode.class).getBody().path("state").asText()).isEqualTo("PROVISIONED"));
    }
}
