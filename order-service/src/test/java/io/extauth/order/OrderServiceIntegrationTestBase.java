package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;
import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import io.extauth.testsupport.ViewRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * One running order-service for every integration test class (same annotations, one cached context): a KRaft broker,
 * the embedded PostgreSQL, a topic recorder and an outside producer. Each test uses users of its own.
 */
@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(TestClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OrderServiceIntegrationTestBase {

    protected static final String ACCOUNT = "acct-1234";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CREDENTIALS = new ConcurrentHashMap<>();
    private static final AtomicInteger CREDENTIALS_GIVEN = new AtomicInteger();

    /**
     * This context's broker, not {@code ${spring.kafka.bootstrap-servers}}: @EmbeddedKafka writes that as a JVM-wide
     * system property, so once another cached context (EventPathRoundTripsIntegrationTest's) has started its own
     * broker, the property names that one, and a class reusing this context would send and record on the wrong broker.
     */
    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    protected TestRestTemplate http;

    @Autowired
    private JdbcTemplate inboxReader;

    protected TopicRecorder recorder;
    protected TestEvents billing;

    @BeforeAll
    void startObserving() {
        String bootstrapServers = broker.getBrokersAsString();
        recorder = new TopicRecorder(bootstrapServers, List.of(Topics.AUTH_ORDERED, Topics.BILLING_ORDERS_REJECTED,
                Topics.deadLetterOf(Topics.BILLING_ORDERS), Topics.deadLetterOf(Topics.AUTH_PROVISIONED)));
        billing = new TestEvents(bootstrapServers);
    }

    /** Every event the services wrote carries each field the AsyncAPI documents call required (RequiredByNullness). */
    @AfterEach
    void everyEventOfTheServicesCarriesWhatItsContractRequires() {
        if (recorder != null) {
            assertThat(recorder.fieldsTheContractRequiresButTheServicesLeftOut()).isEmpty();
        }
    }

    /** Every view the services answered with carries each field the OpenAPI documents call required (ViewRecorder). */
    @AfterEach
    void everyViewOfTheServicesCarriesWhatItsContractRequires() {
        assertThat(ViewRecorder.takeFieldsTheContractRequiresButTheServicesLeftOut()).isEmpty();
    }

    @AfterAll
    void stopObserving() {
        billing.close();
        recorder.close();
    }

    protected static String newUser() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String newOrderId() {
        return "B-" + UUID.randomUUID();
    }

    /**
     * The user's Symantec credential, the same for each of the user's orders and no other user's: VIP binds a
     * credential to one user, and one on another user's live order is refused ({@code CREDENTIAL_IN_USE}). Letters no
     * other credential of the tests has.
     */
    protected static String credentialOf(String userId) {
        return CREDENTIALS.computeIfAbsent(userId, user -> "TEST%08d".formatted(CREDENTIALS_GIVEN.incrementAndGet()));
    }

    protected static OrderPlaced symantecOrder(String orderId, String userId) {
        return new OrderPlaced(ACCOUNT, userId, orderId, userId + "@example.com", "SYMANTEC_VIP", credentialOf(userId),
                null, true, "billing-system-7");
    }

    protected static OrderPlaced phoneFactorOrder(String orderId, String userId, String promoCode) {
        return new OrderPlaced(ACCOUNT, userId, orderId, userId + "@example.com", "PHONEFACTOR", null, promoCode,
                true, "billing-system-7");
    }

    protected static Map<String, Object> portalOrder(String userId) {
        return Map.of("accountId", ACCOUNT, "userId", userId, "email", userId + "@example.com",
                "type", "PHONEFACTOR", "msaAcknowledged", true, "orderedBy", "admin-" + ACCOUNT);
    }

    /** An HTTP answer: its status and its body as JSON (null when empty). */
    protected record Answer(int status, JsonNode body) {
    }

    protected Answer call(HttpMethod method, String path, String token, Object body, String... headerPairs) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            headers.setBearerAuth(token);
        }
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
        try {
            JsonNode json = response.getBody() == null ? null : JSON.readTree(response.getBody());
            return new Answer(response.getStatusCode().value(), json);
        } catch (Exception e) {
            throw new AssertionError("Answer is not JSON: " + response.getBody(), e);
        }
    }

    protected Answer get(String path, String token) {
        return call(HttpMethod.GET, path, token, null);
    }

    /** Waits until the order has the status, and returns its view. */
    protected JsonNode awaitOrderStatus(String orderId, String token, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/orders/" + orderId, token),
                        answer -> answer.status() == 200 && status.equals(answer.body().path("status").asText()))
                .body();
    }

    /** Waits until order-service has handled the event of that {@code ce_id} (its inbox row is committed). */
    protected void awaitHandled(String eventId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> inboxReader
                .queryForObject("SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, eventId) == 1);
    }

    /** Exactly one event of the contract type matches, and no second one shows up for a while. */
    protected <E extends ExtauthEvent> void assertExactlyOne(Class<E> type, Predicate<? super E> matching) {
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(10))
                .until(() -> assertThatEvents(recorder.events()).of(type, matching).size() == 1);
    }

    /** Exactly one such event on the topic, and no second one shows up for a while. */
    protected void assertExactlyOne(String topic, Predicate<RecordedEvent> matching) {
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(10))
                .until(() -> recorder.events(topic, matching).size() == 1);
    }
}
