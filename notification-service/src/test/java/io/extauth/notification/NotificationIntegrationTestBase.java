package io.extauth.notification;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import jakarta.mail.internet.MimeMessage;
import io.extauth.contract.events.EmailSent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.TopicRecorder;
import io.extauth.testsupport.ViewRecorder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on an embedded broker, the embedded PostgreSQL and a GreenMail SMTP server, shared by the notification
 * integration tests (one Spring context for all of them): the upstream events a test sends, the topics it watches,
 * the mails received.
 */
@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "extauth.messaging.retry.initial-interval=100ms",
        "extauth.messaging.retry.max-interval=500ms",
        "extauth.messaging.retry.max-attempts=40",
        "extauth.mail.retry.initial-interval=50ms",
        "extauth.mail.retry.max-interval=500ms",
        "extauth.mail.worker.poll-interval=100ms"})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@SuppressWarnings({"rawtypes", "unchecked"})
abstract class NotificationIntegrationTestBase {

    static final String ACCOUNT = "1234";
    /** The SMTP server; a test may stop it and start a new one on the same port (an SMTP outage). */
    static GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    /** What stopped servers had received, so that nothing a test sent is forgotten across an outage. */
    static final List<MimeMessage> RECEIVED_BEFORE = new CopyOnWriteArrayList<>();

    static {
        smtp.start();
        // one server for every test class on this (cached) context, which keeps its port: it stops with the JVM
        Runtime.getRuntime().addShutdownHook(new Thread(() -> smtp.stop(), "greenmail-stop"));
    }

    static TopicRecorder topics;
    static TestEvents upstream;

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AutowireCapableBeanFactory beans;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(),
                List.of(Topics.AUTH_EMAIL_SENT, Topics.deadLetterOf(Topics.AUTH_PROVISIONED),
                        Topics.deadLetterOf(Topics.AUTH_ORDERED), Topics.deadLetterOf(Topics.AUTH_ACTIVATED)));
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

    ResponseEntity<Map> rawEmailsOf(String account, String userId, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/api/accounts/" + account + "/users/" + userId + "/emails", HttpMethod.GET,
                new HttpEntity<>(headers), Map.class);
    }

    /** A problem without its instance (the path asked for). */
    static Map<Object, Object> withoutInstance(Map<?, ?> problem) {
        Map<Object, Object> copy = new java.util.LinkedHashMap<>(problem);
        copy.remove("instance");
        return copy;
    }

    ResponseEntity<Map> putAdminContacts(String account, String token, Map<String, ?> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/api/accounts/" + account + "/admin-contacts", HttpMethod.PUT,
                new HttpEntity<>(body, headers), Map.class);
    }

    ResponseEntity<Map> adminContacts(String account, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/api/accounts/" + account + "/admin-contacts", HttpMethod.GET,
                new HttpEntity<>(headers), Map.class);
    }

    List<Object> adminContactEmails(String account, String token) {
        ResponseEntity<Map> answer = adminContacts(account, token);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return ((List<Map<String, Object>>) answer.getBody().get("contacts")).stream()
                .map(contact -> contact.get("email")).toList();
    }

    List<EmailSent> sentEventsOf(AuthOrdered order) {
        return assertThatEvents(topics.events()).of(EmailSent.class, e -> order.orderId().equals(e.orderId()));
    }

    /** Waits until the service's listener has handled the event (its inbox row), e.g. the contact an order brings. */
    void awaitHandled(String eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, eventId) == 1);
    }

    int attemptsOfOrder(AuthOrdered order) {
        List<Integer> attempts = jdbc.queryForList("SELECT attempts FROM email WHERE order_id = ?", Integer.class,
                order.orderId());
        return attempts.isEmpty() ? 0 : attempts.get(0);
    }

    String statusOfOrder(AuthOrdered order) {
        List<String> status = jdbc.queryForList("SELECT status FROM email WHERE order_id = ?", String.class,
                order.orderId());
        return status.isEmpty() ? "NONE" : status.get(0);
    }

    ResponseEntity<List<Map<String, Object>>> emailsOf(String userId, String token) {
        return emailsOf(ACCOUNT, userId, token);
    }

    ResponseEntity<List<Map<String, Object>>> emailsOf(String account, String userId, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/api/accounts/" + account + "/users/" + userId + "/emails", HttpMethod.GET,
                new HttpEntity<>(headers), new ParameterizedTypeReference<>() { });
    }

    /** The service's Prometheus page, as an operator reads it. */
    String scrape() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());
        return http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(headers), String.class)
                .getBody();
    }

    static List<ReceivedMail> awaitMailTo(String email) {
        return await("a mail to " + email).atMost(Duration.ofSeconds(30))
                .until(() -> mailsTo(email), mails -> !mails.isEmpty());
    }

    static List<ReceivedMail> mailsTo(String email) {
        return received().stream().map(ReceivedMail::of).filter(mail -> mail.to().equals(email)).toList();
    }

    static List<MimeMessage> received() {
        List<MimeMessage> all = new ArrayList<>(RECEIVED_BEFORE);
        all.addAll(Arrays.asList(smtp.getReceivedMessages()));
        return all;
    }

    /** Stops the SMTP server; returns its port, for {@link #startSmtpOn}. */
    static int stopSmtp() {
        int port = smtp.getSmtp().getPort();
        RECEIVED_BEFORE.addAll(Arrays.asList(smtp.getReceivedMessages()));
        smtp.stop();
        return port;
    }

    static void startSmtpOn(int port) {
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    static String masked(AuthOrdered order) {
        return order.email().charAt(0) + "***@example.com";
    }

    static AuthOrdered order(AuthType type, String credentialId) {
        String userId = "user-" + UUID.randomUUID();
        return new AuthOrdered(ACCOUNT, userId, "o-" + UUID.randomUUID(), type, credentialId,
                "jane." + UUID.randomUUID() + "@example.com", null, new BigDecimal("4.00"), OrderChannel.PORTAL,
                Instant.now());
    }

    static Provisioned provisioned(AuthOrdered order) {
        return new Provisioned(order.accountId(), order.userId(), order.orderId(), order.type(), "REF-1",
                Instant.now());
    }
}
