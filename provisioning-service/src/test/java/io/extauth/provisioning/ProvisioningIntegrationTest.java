package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.provisioning.adapter.ProvisioningWorker;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.service.security.EndpointDeclarations;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.TopicRecorder;
import io.extauth.testsupport.VendorSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "extauth.messaging.retry.initial-interval=100ms",
        "extauth.messaging.retry.multiplier=2.0",
        "extauth.messaging.retry.max-interval=400ms",
        "extauth.messaging.retry.max-attempts=40",
        "extauth.simulator.read-timeout=1s",
        "extauth.provisioning.retry.initial-interval=50ms",
        "extauth.provisioning.retry.max-interval=500ms",
        "extauth.provisioning.worker.poll-interval=100ms"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ProvisioningIntegrationTest {

    private static final String ACCOUNT = "1234";

    private static TopicRecorder topics;
    private static TestEvents upstream;

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AutowireCapableBeanFactory beans;

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        registry.add("extauth.simulator.base-url", VendorSimulator::baseUrl);
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
        assertThat(VendorSimulator.statusOf("/phonefactor/users/{ref}", provisioned.text("vendorRef")).value())
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
        Map<String, Object> binding = VendorSimulator.client().get()
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

        // the order's own outcome first: the marker may be provisioned by another worker before it
        awaitOutcome(order);
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

        // the order's own outcome first: the marker may be provisioned by another worker before it
        awaitOutcome(order);
        awaitMarkerBehind(userId);

        assertThat(outcomesOf(order)).hasSize(1);
        assertThat(row(order.orderId())).containsEntry("attempts", 1);
    }

    @Test
    void anOrderArrivingDuringAVendorOutageIsProvisionedOnceTheOutageIsLifted() {
        AuthOrdered order = phoneFactorOrder(newUser());
        VendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            await("the vendor is tried again while it is down").atMost(Duration.ofSeconds(30))
                    .until(() -> attempts(order.orderId()) >= 2);
            assertThat(outcomesOf(order)).isEmpty();
        } finally {
            VendorSimulator.outage(false);
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
        VendorSimulator.latency(1_500);
        try {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            await("the timed-out call is tried again").atMost(Duration.ofSeconds(30))
                    .until(() -> attempts(order.orderId()) >= 2);
        } finally {
            VendorSimulator.latency(0);
        }

        RecordedEvent provisioned = awaitOutcome(order);

        // the simulator bound the credential on the first, timed-out call; the retry with the same idempotency key
        // got that binding back instead of a refusal (CREDENTIAL_BOUND_ELSEWHERE) or a second binding
        assertThat(provisioned.type()).isEqualTo("Provisioned");
        Map<String, Object> binding = VendorSimulator.client().get()
                .uri("/vip/credentials/{id}", order.credentialId()).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(binding).containsEntry("vendorRef", provisioned.text("vendorRef"));
        awaitMarkerBehind(order.userId());
        assertThat(outcomesOf(order)).hasSize(1);
    }

    @Test
    void aVendorOutageInTheMiddleOfAStreamOfOrdersEndsWithEveryOrderProvisionedExactlyOnce() {
        List<AuthOrdered> before = orders(10);
        List<AuthOrdered> during = orders(10);
        List<AuthOrdered> after = orders(10);
        before.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
        VendorSimulator.outage(true);
        try {
            during.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
            // no order waits behind another: every one is tried, and tried again, while the vendor is down
            await("every order of the outage is tried again while the vendor is down")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> during.stream().allMatch(order -> attempts(order.orderId()) >= 2));
            assertThat(during).allSatisfy(order -> assertThat(outcomesOf(order)).isEmpty());
        } finally {
            VendorSimulator.outage(false);
        }
        after.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));

        List<AuthOrdered> all = new ArrayList<>(before);
        all.addAll(during);
        all.addAll(after);
        awaitEveryOrderSettledAndPublished(all);

        for (AuthOrdered order : all) {
            List<RecordedEvent> outcomes = outcomesOf(order);
            assertThat(outcomes).as(order.orderId()).singleElement()
                    .satisfies(event -> assertThat(event.type()).isEqualTo("Provisioned"));
            String keySeenByVendor = order.type() == AuthType.PHONEFACTOR
                    ? VendorSimulator.phoneFactorIdempotencyKey(outcomes.get(0).text("vendorRef"))
                    : VendorSimulator.vipIdempotencyKey(order.credentialId());
            assertThat(keySeenByVendor).as("the vendor saw the order's idempotency key").isEqualTo(order.orderId());
        }
        assertThat(during).allSatisfy(order -> assertThat(row(order.orderId()).get("last_error")).isNull());
    }

    @Test
    void ordersOfOtherUsersKeepProgressingWhileTheVendorFailsMostCalls() {
        List<AuthOrdered> stream = orders(12);
        VendorSimulator.errorRate(0.7);
        try {
            stream.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
            await("every order is provisioned despite the failures").atMost(Duration.ofSeconds(60))
                    .until(() -> stream.stream().allMatch(order -> !outcomesOf(order).isEmpty()));
        } finally {
            VendorSimulator.errorRate(0.0);
        }
        awaitEveryOrderSettledAndPublished(stream);

        assertThat(stream).allSatisfy(order -> assertThat(outcomesOf(order)).singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo("Provisioned")));
        assertThat(stream.stream().mapToInt(order -> attempts(order.orderId())).sum())
                .as("failed calls were retried").isGreaterThan(stream.size());
    }

    @Test
    void anOrderCancelledBeforeItIsProvisionedIsNeverProvisioned() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        VendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(order.orderId()) >= 1);
            upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(order));
            await("the cancellation is recorded").atMost(Duration.ofSeconds(30))
                    .until(() -> !"PENDING".equals(row(order.orderId()).get("status")));
        } finally {
            VendorSimulator.outage(false);
        }

        await("the order ends cancelled").atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED".equals(row(order.orderId()).get("status")));
        awaitMarkerBehind(order.userId());
        assertThat(outcomesOf(order)).isEmpty();
        assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value())
                .isEqualTo(404);
    }

    @Test
    void anOrderCancelledAfterItWasProvisionedIsRemovedAtTheVendor() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String vendorRef = awaitOutcome(order).text("vendorRef");

        upstream.sendBinary(Topics.AUTH_ORDERED, cancellation(order));

        await("PhoneFactor no longer knows the user").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> "CANCELLED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void aDeactivationDuringAVendorOutageDeprovisionsOnceTheVendorIsBack() {
        AuthOrdered order = vipOrder(newUser(), newCredentialId());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);
        VendorSimulator.outage(true);
        try {
            upstream.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, order.userId(), "admin-1234",
                    Instant.now()));
            await("the removal is tried again while the vendor is down").atMost(Duration.ofSeconds(30))
                    .until(() -> ((Number) row(order.orderId()).get("deprovision_attempts")).intValue() >= 2);
            assertThat(VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value())
                    .isEqualTo(200);
        } finally {
            VendorSimulator.outage(false);
        }

        await("VIP no longer binds the credential").atMost(Duration.ofSeconds(30)).until(
                () -> VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value() == 404);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "DEPROVISIONED".equals(row(order.orderId()).get("status")));
    }

    @Test
    void threeWorkerInstancesOnOneDatabaseNeverCallTheVendorTwiceForAnOrder() {
        ProvisioningWorker second = beans.createBean(ProvisioningWorker.class);
        ProvisioningWorker third = beans.createBean(ProvisioningWorker.class);
        List<AuthOrdered> stream = orders(24);
        VendorSimulator.latency(150);
        try {
            stream.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
            awaitEveryOrderSettledAndPublished(stream);
        } finally {
            VendorSimulator.latency(0);
            beans.destroyBean(second);
            beans.destroyBean(third);
        }

        assertThat(second.claimedSoFar()).as("the second instance did work").isPositive();
        assertThat(third.claimedSoFar()).as("the third instance did work").isPositive();
        assertThat(stream).allSatisfy(order -> {
            assertThat(attempts(order.orderId())).as("claimed once").isEqualTo(1);
            assertThat(outcomesOf(order)).hasSize(1);
        });
    }

    private void awaitEveryOrderSettledAndPublished(List<AuthOrdered> orders) {
        await("every order is settled, its event published and seen").atMost(Duration.ofSeconds(60))
                // an order the worker has not read yet has no row
                .ignoreException(EmptyResultDataAccessException.class)
                .until(() -> orders.stream().allMatch(order -> {
                    Map<String, Object> row = row(order.orderId());
                    return row.get("next_attempt_at") == null && row.get("lease_until") == null;
                }) && jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class) == 0
                        && orders.stream().allMatch(order -> !outcomesOf(order).isEmpty()));
    }

    private static List<AuthOrdered> orders(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> i % 3 == 2 ? vipOrder(newUser(), newCredentialId()) : phoneFactorOrder(newUser()))
                .toList();
    }

    private static OrderCancelled cancellation(AuthOrdered order) {
        return new OrderCancelled(order.accountId(), order.userId(), order.orderId(), "admin-1234", Instant.now());
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
                () -> VendorSimulator.statusOf("/phonefactor/users/{ref}", vendorRef).value() == 404);
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
                () -> VendorSimulator.statusOf("/vip/credentials/{id}", order.credentialId()).value() == 404);
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
    void anAdminOfAnotherAccountGetsTheSameNotFoundAsForAnOrderThatDoesNotExist() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);
        String missing = UUID.randomUUID().toString();

        ResponseEntity<Map> elsewhere = get("/api/provisionings/" + order.orderId(), TestJwt.admin("9999"));
        ResponseEntity<Map> nowhere = get("/api/provisionings/" + missing, TestJwt.admin("9999"));

        assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(nowhere.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(withoutInstance(elsewhere.getBody(), order.orderId()))
                .isEqualTo(withoutInstance(nowhere.getBody(), missing));
    }

    @Test
    void billingAndRoleLessAndVpnTokensMayNotReadAProvisioning() {
        AuthOrdered order = phoneFactorOrder(newUser());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        awaitOutcome(order);
        String path = "/api/provisionings/" + order.orderId();

        assertThat(get(path, TestJwt.billing()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get(path, TestJwt.withoutRoles()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get(path, TestJwt.vpn()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get(path, TestJwt.portal()).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get(path, TestJwt.operator()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void everyEndpointDeclaresWhoMayCallIt(@Autowired List<RequestMappingHandlerMapping> mappings) {
        assertThat(mappings).isNotEmpty();
        assertThat(mappings.stream().flatMap(m -> EndpointDeclarations.undeclared(m.getHandlerMethods()).stream()))
                .isEmpty();
    }

    /** A problem with its status, type, title and detail, the id it names replaced by a placeholder. */
    private static Map<String, String> withoutInstance(Map<?, ?> problem, String id) {
        return Map.of("status", String.valueOf(problem.get("status")), "type", String.valueOf(problem.get("type")),
                "title", String.valueOf(problem.get("title")),
                "detail", String.valueOf(problem.get("detail")).replace(id, "{id}"));
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
                "AuthOrdered", "OrderCancelled", "Deactivated", "Provisioned", "ProvisioningFailed");
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
