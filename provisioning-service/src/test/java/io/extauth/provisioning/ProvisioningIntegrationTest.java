package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.TopicRecorder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "extauth.messaging.retry.initial-interval=100ms",
        "extauth.messaging.retry.multiplier=2.0",
        "extauth.messaging.retry.max-interval=400ms",
        "extauth.messaging.retry.max-attempts=40",
        "extauth.simulator.read-timeout=1s"})
@EmbeddedKafka(kraft = true, partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ProvisioningIntegrationTest {

    private static final String ACCOUNT = "1234";

    private static TopicRecorder topics;
    private static TestEvents upstream;

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        registry.add("extauth.simulator.base-url", InTestVendorSimulator::baseUrl);
    }

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(),
                List.of(Topics.AUTH_PROVISIONED, Topics.deadLetterOf(Topics.AUTH_ORDERED)));
        upstream = new TestEvents(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        upstream.close();
    }

    @Test
    void phoneFactorOrderCreatesTheUserAtPhoneFactorAndAnnouncesItsVendorRef() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent provisioned = awaitOutcome(order);

        assertThat(provisioned.type()).isEqualTo("Provisioned");
        assertThat(provisioned.key()).isEqualTo(order.userId());
        assertThat(provisioned.text("type")).isEqualTo("PHONEFACTOR");
        assertThat(provisioned.text("vendorRef")).startsWith("PF-");
        assertThat(provisioned.text("provisionedAt")).isNotBlank();
        assertThat(InTestVendorSimulator.statusOf("/phonefactor/users/{ref}", provisioned.text("vendorRef")).value())
                .isEqualTo(200);
        assertThat(provisioned.value()).doesNotContain(order.email());
        assertThat(row(order.orderId())).containsEntry("status", "PROVISIONED").containsEntry("attempts", 1)
                .containsEntry("vendor_ref", provisioned.text("vendorRef"));
    }

    @Test
    void symantecOrderRegistersTheCredentialAtVipAndAnnouncesItsVendorRef() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent provisioned = awaitOutcome(order);

        assertThat(provisioned.type()).isEqualTo("Provisioned");
        assertThat(provisioned.text("type")).isEqualTo("SYMANTEC_VIP");
        assertThat(provisioned.text("vendorRef")).startsWith("VIP-");
        Map<String, Object> binding = InTestVendorSimulator.client().get()
                .uri("/vip/credentials/{id}", order.credentialId()).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(binding).containsEntry("vendorRef", provisioned.text("vendorRef"));
    }

    @Test
    void credentialUnknownToVipFailsTheOrderWithTheVendorsReasonWithoutRetrying() {
        AuthOrdered order = vipOrder(newUser(), "NOT-A-CREDENTIAL");
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent failed = awaitOutcome(order);

        assertThat(failed.type()).isEqualTo("ProvisioningFailed");
        assertThat(failed.text("reason")).startsWith("CREDENTIAL_UNKNOWN").contains("NOT-A-CREDENTIAL");
        assertThat(failed.text("attempts")).isEqualTo("1");
        assertThat(row(order.orderId())).containsEntry("status", "FAILED");
    }

    @Test
    void aRedeliveredOrderWithTheSameEventIdIsProvisionedOnce() {
        String userId = newUser();
        AuthOrdered order = phoneFactorOrder(userId);
        String eventId = UUID.randomUUID().toString();
        upstream.sendBinary(Topics.AUTH_ORDERED, order, eventId);
        upstream.sendBinary(Topics.AUTH_ORDERED, order, eventId);

        awaitMarkerBehind(userId);

        assertThat(outcomesOf(order)).hasSize(1);
        assertThat(row(order.orderId())).containsEntry("attempts", 1);
    }

    @Test
    void theSameOrderRepublishedWithANewEventIdIsProvisionedOnce() {
        String userId = newUser();
        AuthOrdered order = vipOrder(userId, newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        awaitMarkerBehind(userId);

        assertThat(outcomesOf(order)).hasSize(1);
        assertThat(row(order.orderId())).containsEntry("attempts", 1);
    }

    @Test
    void anOrderArrivingDuringAVendorOutageIsProvisionedOnceTheOutageIsLifted() {
        AuthOrdered order = phoneFactorOrder(newUser());
        InTestVendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            await("the vendor is tried again while it is down").atMost(Duration.ofSeconds(30))
                    .until(() -> attempts(order.orderId()) >= 2);
            assertThat(outcomesOf(order)).isEmpty();
        } finally {
            InTestVendorSimulator.outage(false);
        }

        RecordedEvent provisioned = awaitOutcome(order);

        assertThat(provisioned.type()).isEqualTo("Provisioned");
        awaitMarkerBehind(order.userId());
        assertThat(outcomesOf(order)).hasSize(1);
        assertThat(row(order.orderId())).containsEntry("status", "PROVISIONED");
        assertThat(attempts(order.orderId())).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aCallThatTimedOutAfterTheVendorDidItsPartIsRetriedWithoutASecondRegistration() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        InTestVendorSimulator.latency(1_500);
        try {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            await("the timed-out call is tried again").atMost(Duration.ofSeconds(30))
                    .until(() -> attempts(order.orderId()) >= 2);
        } finally {
            InTestVendorSimulator.latency(0);
        }

        RecordedEvent provisioned = awaitOutcome(order);

        // the simulator bound the credential on the first, timed-out call; the retry with the same idempotency key
        // got that binding back instead of a refusal (CREDENTIAL_BOUND_ELSEWHERE) or a second binding
        assertThat(provisioned.type()).isEqualTo("Provisioned");
        Map<String, Object> binding = InTestVendorSimulator.client().get()
                .uri("/vip/credentials/{id}", order.credentialId()).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(binding).containsEntry("vendorRef", provisioned.text("vendorRef"));
        awaitMarkerBehind(order.userId());
        assertThat(outcomesOf(order)).hasSize(1);
    }

    @Test
    void aSymantecOrderWithoutCredentialIsDeadLetteredWithTheReason() {
        AuthOrdered order = vipOrder(newUser(), null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED),
                e -> order.userId().equals(e.key()));

        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("InvalidEventException")
                .contains("credentialId");
        assertThat(outcomesOf(order)).isEmpty();
    }

    @Test
    void deactivationDeletesTheUserAtPhoneFactor() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).text("vendorRef");

        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1234",
                Instant.now()));

        await("PhoneFactor no longer knows the user").atMost(Duration.ofSeconds(30)).until(
                () -> InTestVendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEPROVISIONED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void deactivationUnbindsTheCredentialAtVip() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);

        upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1234",
                Instant.now()));

        await("VIP no longer binds the credential").atMost(Duration.ofSeconds(30)).until(
                () -> InTestVendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value() == 404);
    }

    @Test
    void theProvisioningOfAnOrderIsReadableByAnAdminOfItsAccount() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).text("vendorRef");

        ResponseEntity<Map> answer = get("/api/provisionings/" + order.orderId(), TestJwt.admin(ACCOUNT));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).containsEntry("status", "PROVISIONED").containsEntry("vendorRef", vendorRef)
                .containsEntry("attempts", 1);
    }

    @Test
    void readingAProvisioningNeedsAToken() {
        ResponseEntity<Map> answer = get("/api/provisionings/any", null);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getHeaders().getContentType()).matches(
                type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON), "a problem response");
    }

    @Test
    void anAdminOfAnotherAccountCannotReadTheProvisioning() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);

        ResponseEntity<Map> answer = get("/api/provisionings/" + order.orderId(), TestJwt.admin("9999"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(answer.getBody()).containsKey("detail");
    }

    @Test
    void anUnknownOrderIsAProblemNotFound() {
        ResponseEntity<Map> answer = get("/api/provisionings/no-such-order", TestJwt.operator());

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(String.valueOf(answer.getBody().get("detail"))).contains("no-such-order");
    }

    @Test
    void theAsyncApiDocumentShowsWhatIsConsumedAndProduced() {
        ResponseEntity<String> docs = http.exchange("/springwolf/docs", HttpMethod.GET,
                new HttpEntity<>(bearer(TestJwt.operator())), String.class);

        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains(Topics.AUTH_ORDERED, Topics.AUTH_ACTIVATED, Topics.AUTH_PROVISIONED,
                "AuthOrdered", "Deactivated", "Provisioned", "ProvisioningFailed");
    }

    @Test
    void theOpenApiDocumentShowsTheProvisioningEndpoint() {
        ResponseEntity<String> docs = http.exchange("/v3/api-docs", HttpMethod.GET,
                new HttpEntity<>(bearer(TestJwt.operator())), String.class);

        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains("/api/provisionings/{orderId}");
    }

    private static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    private ResponseEntity<Map> get(String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), Map.class);
    }

    /** Sends a further order for the user and waits for its outcome: same partition, so everything before is done. */
    private void awaitMarkerBehind(String userId) {
        AuthOrdered marker = phoneFactorOrder(userId);
        upstream.sendBinary(Topics.AUTH_ORDERED, marker);
        awaitOutcome(marker);
    }

    private RecordedEvent awaitOutcome(AuthOrdered order) {
        return topics.awaitEvent(Topics.AUTH_PROVISIONED, e -> order.orderId().equals(e.text("orderId")));
    }

    private List<RecordedEvent> outcomesOf(AuthOrdered order) {
        return topics.events(Topics.AUTH_PROVISIONED, e -> order.orderId().equals(e.text("orderId")));
    }

    private Map<String, Object> row(String orderId) {
        return jdbc.queryForMap("SELECT * FROM provisioning WHERE order_id = ?", orderId);
    }

    private int attempts(String orderId) {
        List<Integer> attempts = jdbc.queryForList("SELECT attempts FROM provisioning WHERE order_id = ?",
                Integer.class, orderId);
        return attempts.isEmpty() ? 0 : attempts.get(0);
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private static String newCredentialId() {
        return "VSST" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    static AuthOrdered phoneFactorOrder(String userId) {
        return new AuthOrdered(ACCOUNT, userId, "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR, null,
                "jane.doe@example.com", null, new BigDecimal("4.00"), OrderChannel.PORTAL, Instant.now());
    }

    static AuthOrdered vipOrder(String userId, String credentialId) {
        return new AuthOrdered(ACCOUNT, userId, "o-" + UUID.randomUUID(), AuthType.SYMANTEC_VIP, credentialId,
                "jane.doe@example.com", null, new BigDecimal("4.00"), OrderChannel.BILLING, Instant.now());
    }
}
