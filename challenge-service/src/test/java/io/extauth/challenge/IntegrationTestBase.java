package io.extauth.challenge;

import io.extauth.testclock.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.testsupport.NetworkRoundTrips;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.TopicRecorder;
import io.extauth.testsupport.VendorSimulator;
import io.extauth.testsupport.ViewRecorder;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every integration test class (same annotations, same properties): the service on a random
 * port, an embedded KRaft broker, the embedded PostgreSQL, the vendor simulator on its own port, a clock tests move.
 */
@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import({IntegrationTestBase.TestClock.class, RequestStatements.class, RoundTrips.class, HashedSecrets.class})
abstract class IntegrationTestBase {

    static final List<String> OUR_TOPICS = List.of(Topics.AUTH_ACTIVATED, Topics.AUTH_CHALLENGE_ISSUED,
            Topics.AUTH_CHALLENGE_RESULT, Topics.deadLetterOf(Topics.AUTH_ORDERED),
            Topics.deadLetterOf(Topics.AUTH_PROVISIONED));

    private static TopicRecorder recorder;
    private static TestEvents testEvents;

    @TestConfiguration
    static class TestClock {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return MutableClock.running();
        }
    }

    @DynamicPropertySource
    static void vendor(DynamicPropertyRegistry registry) {
        registry.add("extauth.vendors.phonefactor.base-url", TestVendors::baseUrl);
        registry.add("extauth.vendors.phonefactor.max-calls-in-flight", () -> TELEPHONY_MAX_CALLS_IN_FLIGHT);
        registry.add("extauth.vendors.phonefactor.callback-secret", () -> VendorSimulator.CALLBACK_SECRET);
        registry.add("extauth.callbacks.base-url", () -> "http://127.0.0.1:${local.server.port}");
        // the tests' phones are +1 555 numbers on the simulator, which no numbering plan assigns
        registry.add("extauth.contacts.phones.test-prefixes", () -> "+1555");
        // as an operator might type them; every other region's numbers are refused (ContactLimitsIntegrationTest)
        registry.add("extauth.contacts.phones.allowed-regions", () -> "us, gb");
        registry.add("extauth.vendors.symantec-vip.base-url", TestVendors::baseUrl);
        registry.add("extauth.vendors.symantec-vip.read-timeout", () -> VIP_READ_TIMEOUT.toSeconds() + "s");
        registry.add("extauth.vendors.symantec-vip.max-calls-in-flight", () -> VIP_MAX_CALLS_IN_FLIGHT);
        // the tests' own client stays the JDK's it was written against: with Apache HttpClient on the class path (the
        // vendor clients') Boot would pick that one, which waits out a 429's or 503's Retry-After and asks again
        registry.add("spring.http.clients.imperative.factory", () -> "jdk");
        // the driver's round trips counted on the wire (NetworkRoundTrips), where RequestStatements counts statements;
        // the probes run with it too (a stack walk and a record per round trip)
        registry.add(NetworkRoundTrips.PROPERTY, () -> NetworkRoundTrips.NAME);
        // each statement prepared on the server from its first run, as the driver prepares it from its fifth: from its
        // second run on a connection the driver sends it as a running service's does (it goes by the description it
        // asked for when it prepared it), not as it sends each connection's first few runs of a statement
        registry.add(NetworkRoundTrips.PREPARE_THRESHOLD, () -> "1");
    }

    /** Short, so the test of a VIP slower than the read timeout is quick. */
    static final Duration VIP_READ_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Above the five validations at once of the activation burst (its user's attempts), and few enough for the
     * bulkhead's test to fill with held validations.
     */
    static final int VIP_MAX_CALLS_IN_FLIGHT = 6;

    /**
     * Above the five verification calls at once of the contact limits' flood, and few enough for the bulkhead's test
     * to fill with held calls.
     */
    static final int TELEPHONY_MAX_CALLS_IN_FLIGHT = 8;

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    MeterRegistry meters;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Value("${spring.datasource.url}")
    String databaseUrl;

    /** The account user the helpers act on; a test may switch to another one (a second account, a second user). */
    String accountId = newAccountId();
    String userId = "user-" + UUID.randomUUID();

    static String newAccountId() {
        return "acct-" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    @BeforeEach
    void connectToBroker() {
        synchronized (IntegrationTestBase.class) {
            if (recorder == null) {
                recorder = new TopicRecorder(bootstrapServers, OUR_TOPICS);
                testEvents = new TestEvents(bootstrapServers);
            }
        }
    }

    /**
     * The clock waits, before each jump, until the rows of the deliveries that reached their users are removed: the
     * settler removes them up to its delay after the login's answer, and a jump of minutes in between would make their
     * leases seem run out, so the runner would take them over (in a running service the delay is a fraction of a
     * second against a lease of seconds).
     */
    @BeforeEach
    void clockWaitsForDeliveriesRecorded() {
        clock.beforeEachAdvance(this::awaitDeliveriesRecorded);
    }

    /** Until no delivery that reached its user waits for its row's removal ({@code DeliverySettler}). */
    void awaitDeliveriesRecorded() {
        Gauge unrecorded = meters.get("extauth.challenge.deliveries.unrecorded").gauge();
        await("the rows of the deliveries made removed").atMost(Duration.ofSeconds(10))
                .until(() -> unrecorded.value() == 0);
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

    TopicRecorder topics() {
        return recorder;
    }

    TestEvents events() {
        return testEvents;
    }

    // ---- driving the lifecycle by events -------------------------------------------------------------------------

    String order(AuthType type, String credentialId) {
        String orderId = "order-" + UUID.randomUUID();
        events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId, orderId, type, credentialId,
                "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.BILLING, Instant.now()));
        awaitState("ORDERED");
        return orderId;
    }

    /** The order the user's factor came from, as challenge-service keeps it. */
    String factorOrderId() {
        return jdbc.queryForObject("SELECT order_id FROM user_factor WHERE account_id = ? AND user_id = ?",
                String.class, accountId, userId);
    }

    String provision(AuthType type, String orderId) {
        return events().sendBinary(Topics.AUTH_PROVISIONED, new Provisioned(accountId, userId, orderId, type,
                "vendor-" + orderId, Instant.now()));
    }

    void provisioned(AuthType type, String credentialId) {
        provision(type, order(type, credentialId));
        awaitState("PROVISIONED");
    }

    static String newCredentialId() {
        return "VSST" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
    }

    static String newNationalNumber() {
        return "555" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    /** A Symantec user who activated with the credential's current code; used codes are forgotten afterwards. */
    String activeSymantecUser() {
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        ResponseEntity<JsonNode> activated = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", VendorSimulator.currentCode(credentialId)));
        assertThat(activated.getStatusCode().value()).isEqualTo(200);
        VendorSimulator.forgetUsedCodes();
        return credentialId;
    }

    /** A PhoneFactor user with a verified primary phone and the given method (PIN {@value #PIN} where needed). */
    void activatePhoneFactor(PhoneFactorMethod method) {
        provisioned(AuthType.PHONEFACTOR, null);
        ResponseEntity<JsonNode> started = post(userPath("/phonefactor/phones"), TestJwt.portal(),
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", newNationalNumber()));
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        String verificationId = started.getBody().path("verificationId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(verificationId), "#");
        Map<String, String> settings = new java.util.HashMap<>(Map.of("status", "ACTIVE", "method", method.name()));
        if (method.needsPin()) {
            settings.put("pin", PIN);
        }
        ResponseEntity<JsonNode> saved = put(userPath("/phonefactor/settings"), TestJwt.portal(), settings);
        assertThat(saved.getStatusCode().value()).isEqualTo(200);
        assertThat(saved.getBody().path("state").asText()).isEqualTo("ACTIVE");
    }

    static final String PIN = "73915062";

    /** A callback as the telephony gateway signs it, posted to the service at {@code baseUrl}. */
    static ResponseEntity<JsonNode> signedCallback(org.springframework.web.client.RestTemplate http, String baseUrl,
            Map<String, Object> callback) {
        byte[] body;
        try {
            body = new tools.jackson.databind.ObjectMapper().writeValueAsBytes(callback);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        headers.set(io.extauth.challenge.callback.CallbackSignatureRules.HEADER,
                io.extauth.challenge.callback.CallbackSignatureRules.sign(VendorSimulator.CALLBACK_SECRET, Instant.now(),
                        "/callbacks/telephony", body));
        return http.exchange(baseUrl + "/callbacks/telephony", HttpMethod.POST, new HttpEntity<>(body, headers),
                JsonNode.class);
    }

    /**
     * Another instance of the service, started in the test: this context's database, broker, consumer group,
     * simulator and callback secret, a port of its own; {@code configurations} added to the application (its clock,
     * its faults) and {@code arguments} after the shared ones. The test closes it.
     */
    ConfigurableApplicationContext anotherInstance(List<Class<?>> configurations, String... arguments) {
        List<Class<?>> sources = new ArrayList<>(List.of(ChallengeServiceApplication.class));
        sources.addAll(configurations);
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--extauth.vendors.phonefactor.base-url=" + VendorSimulator.baseUrl(),
                "--extauth.vendors.phonefactor.callback-secret=" + VendorSimulator.CALLBACK_SECRET,
                "--extauth.callbacks.base-url=http://127.0.0.1:${local.server.port}",
                "--springwolf.enabled=false"));
        args.addAll(List.of(arguments));
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).run(args.toArray(String[]::new));
    }

    static String baseUrl(ConfigurableApplicationContext instance) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------------

    String userPath(String rest) {
        return "/api/users/" + userId + "/external-auth" + rest + "?accountId=" + accountId;
    }

    JsonNode status() {
        ResponseEntity<JsonNode> response = get(userPath(""), TestJwt.portal());
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody();
    }

    void awaitState(String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(status().path("state").asText())
                .as("lifecycle state of " + userId).isEqualTo(state));
    }

    ResponseEntity<JsonNode> challenge(String channel) {
        return post("/api/challenges", TestJwt.portal(),
                Map.of("accountId", accountId, "userId", userId, "channel", channel));
    }

    ResponseEntity<JsonNode> respond(String challengeId, String code) {
        return post("/api/challenges/" + challengeId + "/responses", TestJwt.portal(),
                Map.of("accountId", accountId, "userId", userId, "code", code));
    }

    ResponseEntity<JsonNode> get(String path, String token) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(token)), JsonNode.class);
    }

    ResponseEntity<JsonNode> post(String path, String token, Object body) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers(token)), JsonNode.class);
    }

    ResponseEntity<JsonNode> put(String path, String token, Object body) {
        return http.exchange(path, HttpMethod.PUT, new HttpEntity<>(body, headers(token)), JsonNode.class);
    }

    private static HttpHeaders headers(String token) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return headers;
    }

    /** Waits for another thread of the test to count the latch down; 30 s at most. */
    static void awaitReleased(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
