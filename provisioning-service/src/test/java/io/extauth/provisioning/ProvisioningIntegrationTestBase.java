package io.extauth.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import io.extauth.testsupport.ViewRecorder;
import io.extauth.testsupport.VendorSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on an embedded broker, the embedded PostgreSQL and the in-test vendor simulator, shared by the
 * provisioning integration tests (one Spring context for all of them): the upstream events a test sends, the topics it
 * watches, the vendors' side.
 */
@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "extauth.messaging.retry.initial-interval=100ms",
        "extauth.messaging.retry.multiplier=2.0",
        "extauth.messaging.retry.max-interval=400ms",
        "extauth.messaging.retry.max-attempts=40",
        "extauth.vendors.phonefactor.read-timeout=1s",
        "extauth.vendors.symantec-vip.read-timeout=1s",
        "extauth.provisioning.retry.initial-interval=50ms",
        "extauth.provisioning.retry.max-interval=500ms",
        "extauth.provisioning.worker.poll-interval=100ms"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class ProvisioningIntegrationTestBase {

    static final String ACCOUNT = "1234";

    static TopicRecorder topics;
    static TestEvents upstream;

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AutowireCapableBeanFactory beans;

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        registry.add("extauth.vendors.phonefactor.base-url", VendorSimulator::baseUrl);
        registry.add("extauth.vendors.symantec-vip.base-url", VendorSimulator::baseUrl);
        // the tests' own client stays the JDK's it was written against: with Apache HttpClient on the class path (the
        // simulator's callbacks') Boot would pick that one, which waits out a 429's or 503's Retry-After and asks again
        registry.add("spring.http.clients.imperative.factory", () -> "jdk");
    }

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(),
                List.of(Topics.AUTH_PROVISIONED, Topics.deadLetterOf(Topics.AUTH_ORDERED)));
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

void awaitEveryOrderSettledAndPublished(List<AuthOrdered> orders) {
        await("every order is settled, its event published and seen").atMost(Duration.ofSeconds(60))
                // an order the worker has not read yet has no row
                .ignoreException(EmptyResultDataAccessException.class)
                .until(() -> orders.stream().allMatch(order -> {
                    Map<String, Object> row = row(order.orderId());
                    return row.get("next_attempt_at") == null && row.get("lease_until") == null;
                }) && jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class) == 0
                        && orders.stream().allMatch(order -> !outcomesOf(order).isEmpty()));
    }

    static List<AuthOrdered> orders(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> i % 3 == 2 ? vipOrder(newUser(), newCredentialId()) : phoneFactorOrder(newUser()))
                .toList();
    }

    static OrderCancelled cancellation(AuthOrdered order) {
        return new OrderCancelled(order.accountId(), order.userId(), order.orderId(), "admin-1234", Instant.now());
    }

    /** A problem with its status, type, title and detail, the id it names replaced by a placeholder. */
    static Map<String, String> withoutInstance(Map<?, ?> problem, String id) {
        return Map.of("status", String.valueOf(problem.get("status")), "type", String.valueOf(problem.get("type")),
                "title", String.valueOf(problem.get("title")),
                "detail", String.valueOf(problem.get("detail")).replace(id, "{id}"));
    }

    static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    ResponseEntity<Map> get(String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), Map.class);
    }

    /** Sends a further order for the user and waits for its outcome: same partition, so everything before is done. */
void awaitMarkerBehind(String userId) {
        AuthOrdered marker = phoneFactorOrder(userId);
        upstream.sendBinary(Topics.AUTH_ORDERED, marker);
        awaitOutcome(marker);
    }

    /** Waits for the order's outcome, a {@code Provisioned} or a {@code ProvisioningFailed}, as it was on the topic. */
    RecordedEvent awaitOutcome(AuthOrdered order) {
        return topics.awaitEvent(Topics.AUTH_PROVISIONED, outcomeOf(order));
    }

    List<RecordedEvent> outcomesOf(AuthOrdered order) {
        return topics.events(Topics.AUTH_PROVISIONED, outcomeOf(order));
    }

    private static Predicate<RecordedEvent> outcomeOf(AuthOrdered order) {
        return e -> e.is(Provisioned.class) && order.orderId().equals(e.as(Provisioned.class).orderId())
                || e.is(ProvisioningFailed.class) && order.orderId().equals(e.as(ProvisioningFailed.class).orderId());
    }

    Map<String, Object> row(String orderId) {
        return jdbc.queryForMap("SELECT * FROM provisioning WHERE order_id = ?", orderId);
    }

int attempts(String orderId) {
        List<Integer> attempts = jdbc.queryForList("SELECT attempts FROM provisioning WHERE order_id = ?",
                Integer.class, orderId);
        return attempts.isEmpty() ? 0 : attempts.get(0);
    }

    static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    static String newCredentialId() {
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
