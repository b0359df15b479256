package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.FactorChange;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.notification.mail.adapter.MailWorker;
import io.extauth.service.security.EndpointDeclarations;
import jakarta.mail.internet.MimeMessage;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.TopicRecorder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

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
class NotificationIntegrationTest {

    private static final String ACCOUNT = "1234";
    /** The SMTP server; a test may stop it and start a new one on the same port (an SMTP outage). */
    private static GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    /** What stopped servers had received, so that nothing a test sent is forgotten across an outage. */
    private static final List<MimeMessage> RECEIVED_BEFORE = new CopyOnWriteArrayList<>();

    static {
        smtp.start();
    }

    private static TopicRecorder topics;
    private static TestEvents upstream;

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
                List.of(Topics.AUTH_EMAIL_SENT, Topics.deadLetterOf(Topics.AUTH_PROVISIONED)));
        upstream = new TestEvents(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        upstream.close();
        smtp.stop();
    }

    @Test
    void provisionedPhoneFactorMailsTheActivationStepsInTextAndHtml() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String eventId = upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        ReceivedMail mail = awaitMailTo(order.email()).get(0);

        assertThat(mail.to()).isEqualTo(order.email());
        assertThat(mail.subject()).isEqualTo("PhoneFactor has been added to your account");
        assertThat(mail.messageId()).isEqualTo("<" + eventId + ".provisioned-phonefactor@extauth>");
        assertThat(mail.text()).contains("Sign in to the portal",
                "Account settings > External authentication > PhoneFactor settings", "Answer it and press #",
                "status Active", "account " + ACCOUNT, "user " + order.userId());
        assertThat(mail.html()).contains("<li>", "PhoneFactor settings", "<strong>" + order.userId() + "</strong>");

        RecordedEvent sent = topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());
        assertThat(sent.text("orderId")).isEqualTo(order.orderId());
        assertThat(sent.text("template")).isEqualTo("provisioned-phonefactor");
        assertThat(sent.text("messageId")).isEqualTo(mail.messageId());
        assertThat(sent.text("toMasked")).isEqualTo(masked(order));
        assertThat(sent.text("sentAt")).isNotBlank();
        assertThat(sent.value()).doesNotContain(order.email());
    }

    @Test
    void provisionedSymantecMailsTheNextStepNamingOnlyTheCredentialsLastFour() {
        AuthOrdered order = order(AuthType.SYMANTEC_VIP, "VSST87654321");
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        ReceivedMail mail = awaitMailTo(order.email()).get(0);

        assertThat(mail.subject()).isEqualTo("Symantec VIP has been added to your account");
        assertThat(mail.text()).contains("enter the security code", "currently shown on credential ****4321",
                "account " + ACCOUNT, "user " + order.userId()).doesNotContain("VSST87654321");
        assertThat(mail.html()).contains("****4321").doesNotContain("VSST87654321");
        RecordedEvent sent = topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());
        assertThat(sent.text("template")).isEqualTo("provisioned-symantec-vip");
    }

    @Test
    void aRedeliveredProvisionedSendsNoSecondMailAndNoSecondEmailSent() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String eventId = UUID.randomUUID().toString();
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order), eventId);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order), eventId);
        // a later event of the same user on the same partition: once its mail is out, both copies were handled
        AuthOrdered later = new AuthOrdered(ACCOUNT, order.userId(), "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR,
                null, order.email(), null, new BigDecimal("4.00"), OrderChannel.PORTAL, Instant.now());
        upstream.sendBinary(Topics.AUTH_ORDERED, later);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(later));

        await("the later order's mail arrives").atMost(Duration.ofSeconds(30))
                .until(() -> mailsTo(order.email()).size() >= 2);
        topics.awaitEvent(Topics.AUTH_EMAIL_SENT, e -> later.orderId().equals(e.text("orderId")));

        assertThat(mailsTo(order.email())).extracting(ReceivedMail::messageId).hasSize(2)
                .containsOnlyOnce("<" + eventId + ".provisioned-phonefactor@extauth>");
        assertThat(topics.events(Topics.AUTH_EMAIL_SENT, e -> order.orderId().equals(e.text("orderId")))).hasSize(1);
    }

    @Test
    void provisionedBeforeItsOrderIsMailedOnceTheContactArrives() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        await("nothing is mailed without a contact").during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> mailsTo(order.email()).isEmpty());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);

        assertThat(awaitMailTo(order.email())).hasSize(1);
        topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());
    }

    @Test
    void activationIsConfirmedByMailWithTheMethod() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String eventId = upstream.sendBinary(Topics.AUTH_ACTIVATED, new Activated(ACCOUNT, order.userId(),
                AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_PIN, Instant.now(), order.userId()));

        ReceivedMail mail = awaitMailTo(order.email()).get(0);

        assertThat(mail.subject()).isEqualTo("PhoneFactor is now active on your account");
        assertThat(mail.messageId()).isEqualTo("<" + eventId + ".activated@extauth>");
        assertThat(mail.text()).contains("enter your PIN, then press #", "VPN login");
        RecordedEvent sent = topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());
        assertThat(sent.text("template")).isEqualTo("activated");
        assertThat(sent.text("orderId")).isEqualTo(order.orderId());
        assertThat(sent.text("toMasked")).isEqualTo(masked(order));
    }

    @Test
    void aProvisionedWithoutVendorRefIsDeadLetteredNamingTheField() {
        String userId = "user-" + UUID.randomUUID();
        String data = "{\"accountId\":\"1234\",\"userId\":\"" + userId + "\",\"orderId\":\"o-1\","
                + "\"type\":\"PHONEFACTOR\",\"provisionedAt\":\"2025-01-01T10:00:00Z\"}";
        upstream.sendRaw(Topics.AUTH_PROVISIONED, userId, data.getBytes(StandardCharsets.UTF_8), "ce_specversion",
                "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "Provisioned", "ce_source", "/test");

        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_PROVISIONED),
                e -> userId.equals(e.key()));

        assertThat(dead.headers().get(DeadLetters.REASON_HEADER)).contains("vendorRef");
    }

    @Test
    void anAdminSeesTheMailsOfTheirAccountsUserMaskedOnly() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());

        ResponseEntity<List<Map<String, Object>>> answer = emailsOf(order.userId(), TestJwt.admin(ACCOUNT));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).singleElement().satisfies(mail -> assertThat(mail)
                .containsEntry("template", "provisioned-phonefactor").containsEntry("toMasked", masked(order))
                .containsEntry("orderId", order.orderId()));
        assertThat(answer.toString()).doesNotContain(order.email());
    }

    @Test
    void theMailsOfAUserNeedAToken() {
        ResponseEntity<String> answer = http.getForEntity("/api/accounts/1234/users/u-1/emails", String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void anAdminOfAnotherAccountGetsTheSameNotFoundForAUserWithMailsAsForNoUserAtAll() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());

        ResponseEntity<Map> existing = rawEmailsOf(ACCOUNT, order.userId(), TestJwt.admin("9999"));
        ResponseEntity<Map> missing = rawEmailsOf(ACCOUNT, "no-such-user", TestJwt.admin("9999"));

        assertThat(existing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(withoutInstance(existing.getBody())).isEqualTo(withoutInstance(missing.getBody()))
                .containsEntry("type", "https://extauth.io/problems/no-such-account-user");
        assertThat(withoutInstance(existing.getBody()).toString()).doesNotContain(order.userId());
    }

    @Test
    void billingAndRoleLessAndVpnTokensMayNotReadTheMailsOfAUser() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));
        topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());

        assertThat(rawEmailsOf(ACCOUNT, order.userId(), TestJwt.billing()).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rawEmailsOf(ACCOUNT, order.userId(), TestJwt.withoutRoles()).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rawEmailsOf(ACCOUNT, order.userId(), TestJwt.vpn()).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(emailsOf(order.userId(), TestJwt.portal()).getBody()).hasSize(1);
        assertThat(emailsOf(order.userId(), TestJwt.operator()).getBody()).hasSize(1);
    }

    @Test
    void everyEndpointDeclaresWhoMayCallIt(@Autowired List<RequestMappingHandlerMapping> mappings) {
        assertThat(mappings).isNotEmpty();
        assertThat(mappings.stream().flatMap(m -> EndpointDeclarations.undeclared(m.getHandlerMethods()).stream()))
                .isEmpty();
    }

    private ResponseEntity<Map> rawEmailsOf(String account, String userId, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/api/accounts/" + account + "/users/" + userId + "/emails", HttpMethod.GET,
                new HttpEntity<>(headers), Map.class);
    }

    /** A problem without its instance (the path asked for). */
    private static Map<Object, Object> withoutInstance(Map<?, ?> problem) {
        Map<Object, Object> copy = new java.util.LinkedHashMap<>(problem);
        copy.remove("instance");
        return copy;
    }

    @Test
    void theAsyncApiDocumentShowsWhatIsConsumedAndProduced() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());

        ResponseEntity<String> docs = http.exchange("/springwolf/docs", HttpMethod.GET, new HttpEntity<>(headers),
                String.class);

        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains(Topics.AUTH_ORDERED, Topics.AUTH_PROVISIONED, Topics.AUTH_ACTIVATED,
                Topics.AUTH_EMAIL_SENT, Topics.AUTH_CHALLENGE_RESULT, "EmailSent", "Provisioned", "Activated",
                "ChallengeResult", "FraudReported");
    }

    @Test
    void anSmtpOutageInTheMiddleOfAStreamEndsWithEveryEmailSentExactlyOnce() {
        List<AuthOrdered> orders = IntStream.range(0, 12)
                .mapToObj(i -> order(i % 2 == 0 ? AuthType.PHONEFACTOR : AuthType.SYMANTEC_VIP,
                        i % 2 == 0 ? null : "VSST0000000" + (i % 10)))
                .toList();
        orders.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
        List<AuthOrdered> before = orders.subList(0, 4);
        List<AuthOrdered> during = orders.subList(4, 12);
        before.forEach(order -> upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order)));
        await("the mails before the outage arrive").atMost(Duration.ofSeconds(30))
                .until(() -> before.stream().allMatch(order -> !mailsTo(order.email()).isEmpty()));

        int port = stopSmtp();
        try {
            during.forEach(order -> upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order)));
            await("every mail of the outage is tried again while SMTP is down").atMost(Duration.ofSeconds(30))
                    .until(() -> during.stream().allMatch(order -> attemptsOfOrder(order) >= 2));
            assertThat(during).allSatisfy(order -> assertThat(sentEventsOf(order)).isEmpty());
        } finally {
            startSmtpOn(port);
        }

        await("every mail is sent, its EmailSent published and seen").atMost(Duration.ofSeconds(60))
                .until(() -> orders.stream().allMatch(order -> "SENT".equals(statusOfOrder(order)))
                        && jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class) == 0
                        && orders.stream().allMatch(order -> !sentEventsOf(order).isEmpty()));
        for (AuthOrdered order : orders) {
            assertThat(mailsTo(order.email())).as("mails to " + order.userId()).singleElement();
            assertThat(sentEventsOf(order)).as("EmailSent of " + order.orderId()).singleElement()
                    .satisfies(sent -> assertThat(sent.text("messageId"))
                            .isEqualTo(mailsTo(order.email()).get(0).messageId()));
        }
        assertThat(received().stream().map(message -> ReceivedMail.of(message).messageId()))
                .doesNotHaveDuplicates();
    }

    @Test
    void aMalformedAddressIsRecordedAsAFailureWithItsReasonOnTheTimelineAndNotRetried() {
        String userId = "user-" + UUID.randomUUID();
        AuthOrdered order = new AuthOrdered(ACCOUNT, userId, "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR, null,
                "jane.doe@", null, new BigDecimal("4.00"), OrderChannel.PORTAL, Instant.now());
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order));

        await("the mail is recorded as failed").atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(statusOfOrder(order)));

        ResponseEntity<List<Map<String, Object>>> timeline = emailsOf(userId, TestJwt.admin(ACCOUNT));
        assertThat(timeline.getBody()).singleElement().satisfies(mail -> assertThat(mail)
                .containsEntry("status", "FAILED").containsEntry("attempts", 1)
                .containsEntry("template", "provisioned-phonefactor")
                .hasEntrySatisfying("failureReason", reason -> assertThat(String.valueOf(reason))
                        .startsWith("bad address").doesNotContain("jane.doe@")));
        assertThat(attemptsOfOrder(order)).as("not retried").isEqualTo(1);
        assertThat(sentEventsOf(order)).isEmpty();
    }

    @Test
    void everySettingsChangeIsMailedToTheUserExactlyOnceEvenWhenRedeliveredWithoutSecrets() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        String eventId = UUID.randomUUID().toString();
        FactorSettingsChanged changed = new FactorSettingsChanged(ACCOUNT, order.userId(),
                PhoneFactorMethod.PHONE_CALL_STANDARD, "portal", Instant.parse("2030-05-01T13:45:07Z"),
                List.of(FactorChange.PIN_REMOVED, FactorChange.METHOD), null);
        upstream.sendBinary(Topics.AUTH_ACTIVATED, changed, eventId);
        upstream.sendBinary(Topics.AUTH_ACTIVATED, changed, eventId);
        // a later change of the same user (same partition): once its mail is out, both copies were handled
        String laterId = upstream.sendBinary(Topics.AUTH_ACTIVATED, new FactorSettingsChanged(ACCOUNT,
                order.userId(), PhoneFactorMethod.PHONE_CALL_STANDARD, "admin-" + ACCOUNT, Instant.now(),
                List.of(FactorChange.PRIMARY_PHONE_CHANGED), "+1 ***-***-4567"));

        await("the later change is mailed and its EmailSent seen").atMost(Duration.ofSeconds(30))
                .until(() -> mailsTo(order.email()).size() >= 2 && topics.events(Topics.AUTH_EMAIL_SENT,
                        e -> e.text("messageId").contains(laterId)).size() == 1);

        List<ReceivedMail> mails = mailsTo(order.email());
        String firstId = "<" + eventId + ".factor-settings-changed@extauth>";
        String laterMessageId = "<" + laterId + ".factor-settings-changed@extauth>";
        assertThat(mails).extracting(ReceivedMail::messageId).as("one mail per event, the redelivery mails nothing")
                .containsExactlyInAnyOrder(firstId, laterMessageId);
        ReceivedMail first = mails.stream().filter(mail -> mail.messageId().equals(firstId)).findFirst().orElseThrow();
        ReceivedMail later = mails.stream().filter(mail -> mail.messageId().equals(laterMessageId)).findFirst()
                .orElseThrow();
        assertThat(first.subject()).isEqualTo("Your two-factor settings changed");
        assertThat(first.text()).contains("user " + order.userId() + " of account " + ACCOUNT,
                "at 2030-05-01 13:45:07 UTC", "The PIN was removed", "answer and press #", "Changed by: portal",
                "If you did not, tell an admin of account " + ACCOUNT);
        assertThat(first.html()).contains("The PIN was removed");
        assertThat(later.text()).contains("The primary phone is now the number ending in 4567",
                "Changed by: admin-" + ACCOUNT);
        assertThat(topics.events(Topics.AUTH_EMAIL_SENT, e -> e.text("messageId").contains(eventId)))
                .singleElement().satisfies(sent -> {
                    assertThat(sent.text("template")).isEqualTo("factor-settings-changed");
                    assertThat(sent.text("orderId")).isEqualTo(order.orderId());
                });
    }

    @Test
    void aLockoutIsMailedWithItsEndAndThatAnAdminCanUnlock() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new ChallengeResult(ACCOUNT, order.userId(), "c-1",
                LoginChannel.VPN, ChallengeOutcome.FAILED, 4, 1, null, Instant.now()));
        String eventId = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new ChallengeResult(ACCOUNT,
                order.userId(), "c-2", LoginChannel.VPN, ChallengeOutcome.LOCKED_OUT, 5, 0,
                Instant.parse("2030-05-01T13:45:00Z"), Instant.now()));

        RecordedEvent sent = topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());
        ReceivedMail mail = awaitMailTo(order.email()).get(0);

        assertThat(mail.subject()).isEqualTo("Sign-in locked for user " + order.userId() + " of account " + ACCOUNT);
        assertThat(mail.messageId()).isEqualTo("<" + eventId + ".lockout@extauth>");
        assertThat(mail.text()).contains("locked until 2030-05-01 13:45 UTC", "An admin of account " + ACCOUNT
                + " can unlock", "user " + order.userId());
        assertThat(mail.html()).contains("<strong>until 2030-05-01 13:45 UTC");
        assertThat(sent.text("template")).isEqualTo("lockout");
        assertThat(sent.text("messageId")).isEqualTo(mail.messageId());
        assertThat(sent.text("orderId")).isEqualTo(order.orderId());
        assertThat(mailsTo(order.email())).as("the FAILED result before the lockout mails nothing").hasSize(1);
    }

    @Test
    void threeWorkerInstancesOnOneDatabaseSendEveryMailOnce() {
        MailWorker second = beans.createBean(MailWorker.class);
        MailWorker third = beans.createBean(MailWorker.class);
        List<AuthOrdered> orders = IntStream.range(0, 16)
                .mapToObj(i -> order(AuthType.PHONEFACTOR, null)).toList();
        try {
            orders.forEach(order -> upstream.sendBinary(Topics.AUTH_ORDERED, order));
            orders.forEach(order -> upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order)));
            await("every mail is sent and its EmailSent seen").atMost(Duration.ofSeconds(60))
                    .until(() -> orders.stream().allMatch(order -> "SENT".equals(statusOfOrder(order))
                            && !sentEventsOf(order).isEmpty()));
        } finally {
            beans.destroyBean(second);
            beans.destroyBean(third);
        }

        assertThat(second.claimedSoFar() + third.claimedSoFar()).as("the other instances did work").isPositive();
        assertThat(orders).allSatisfy(order -> {
            assertThat(mailsTo(order.email())).singleElement();
            assertThat(attemptsOfOrder(order)).as("claimed once").isEqualTo(1);
            assertThat(sentEventsOf(order)).hasSize(1);
        });
    }

    @Test
    void aFraudReportMailsEachAdminOfTheAccountOnceEvenWhenItIsRedelivered() {
        String account = "acct-" + UUID.randomUUID();
        String userId = "user-" + UUID.randomUUID();
        List<String> admins = List.of("it-admin." + UUID.randomUUID() + "@example.com",
                "security." + UUID.randomUUID() + "@example.com");
        assertThat(putAdminContacts(account, TestJwt.admin(account), Map.of("emails", admins)).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        String eventId = UUID.randomUUID().toString();
        FraudReported fraud = new FraudReported(account, userId, "c-" + UUID.randomUUID(), LoginChannel.VPN,
                PhoneFactorMethod.PHONE_CALL_PIN, Instant.parse("2030-05-01T13:45:07Z"));
        upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, fraud, eventId);
        upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, fraud, eventId);
        // a later report of the same user (same partition): once its mails are out, both copies were handled
        String laterId = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new FraudReported(account, userId,
                "c-" + UUID.randomUUID(), LoginChannel.PORTAL, PhoneFactorMethod.APP_STANDARD, Instant.now()));

        await("each admin gets the later report's mail and its EmailSent is seen").atMost(Duration.ofSeconds(30))
                .until(() -> admins.stream().allMatch(admin -> mailsTo(admin).size() >= 2)
                        && topics.events(Topics.AUTH_EMAIL_SENT, e -> e.text("messageId").contains(laterId))
                        .size() == 2);

        for (String admin : admins) {
            List<ReceivedMail> first = mailsTo(admin).stream()
                    .filter(mail -> mail.messageId().startsWith("<" + eventId + ".fraud-reported.")).toList();
            assertThat(first).as("mails of the redelivered report to " + admin).singleElement().satisfies(mail -> {
                assertThat(mail.subject()).isEqualTo("Fraud reported: user " + userId + " of account " + account
                        + " is blocked");
                assertThat(mail.text()).contains("User " + userId + " of account " + account,
                        "at 2030-05-01 13:45:07 UTC", "a VPN login", "PHONE_CALL_PIN", fraud.challengeId(),
                        "is refused until an admin of account", "The block does not end by itself",
                        "POST /api/users/" + userId + "/external-auth/unlock?accountId=" + account);
                assertThat(mail.html()).contains("<strong>" + userId + "</strong>", "<strong>blocked</strong>",
                        "/external-auth/unlock?accountId=" + account);
            });
        }
        List<RecordedEvent> sent = topics.events(Topics.AUTH_EMAIL_SENT,
                e -> e.text("messageId").startsWith("<" + eventId + "."));
        assertThat(sent).hasSize(2).allSatisfy(e -> {
            assertThat(e.text("template")).isEqualTo("fraud-reported");
            assertThat(e.text("userId")).isEqualTo(userId);
            assertThat(e.value()).doesNotContain(admins.get(0)).doesNotContain(admins.get(1));
        });
        assertThat(sent).extracting(e -> e.text("toMasked")).containsExactlyInAnyOrder("i***@example.com",
                "s***@example.com");
        assertThat(sent).extracting(e -> e.text("messageId")).doesNotHaveDuplicates();
        ResponseEntity<List<Map<String, Object>>> timeline = emailsOf(account, userId, TestJwt.admin(account));
        assertThat(timeline.getBody()).hasSize(4).allSatisfy(mail -> assertThat(mail)
                .containsEntry("status", "SENT").containsEntry("template", "fraud-reported"));
    }

    @Test
    void aFraudReportOfAnAccountWithoutAdminContactIsRecordedAsAFailureOnTheUsersTimeline() {
        String account = "acct-" + UUID.randomUUID();
        String userId = "user-" + UUID.randomUUID();
        String eventId = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new FraudReported(account, userId,
                "c-" + UUID.randomUUID(), LoginChannel.PORTAL, null, Instant.now()));

        List<Map<String, Object>> timeline = await("the failure is on the user's timeline")
                .atMost(Duration.ofSeconds(30))
                .until(() -> emailsOf(account, userId, TestJwt.admin(account)).getBody(), mails -> !mails.isEmpty());

        assertThat(timeline).singleElement().satisfies(mail -> assertThat(mail)
                .containsEntry("status", "FAILED").containsEntry("template", "fraud-reported")
                .containsEntry("messageId", "<" + eventId + ".fraud-reported@extauth>")
                .containsEntry("failureReason", "no admin contact for account " + account));
        assertThat(topics.events(Topics.AUTH_EMAIL_SENT, e -> userId.equals(e.key()))).isEmpty();
    }

    @Test
    void adminContactsWithBadAddressesAreRefusedNamingEveryBadEntryAndChangeNothing() {
        String account = "acct-" + UUID.randomUUID();
        putAdminContacts(account, TestJwt.admin(account), Map.of("emails", List.of("kept@example.com")));
        List<String> bad = Arrays.asList("ok@example.com", "not-an-address", " ", "OK@example.com", "a b@example.com");

        ResponseEntity<Map> answer = putAdminContacts(account, TestJwt.admin(account), Map.of("emails", bad));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat((List<Map<String, Object>>) answer.getBody().get("errors"))
                .extracting(e -> e.get("field") + " " + e.get("code"))
                .containsExactly("emails[1] INVALID_EMAIL", "emails[2] REQUIRED", "emails[3] DUPLICATE",
                        "emails[4] INVALID_EMAIL");
        assertThat(putAdminContacts(account, TestJwt.admin(account), Map.of()).getStatusCode())
                .as("no list at all").isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(adminContactEmails(account, TestJwt.operator())).containsExactly("kept@example.com");
    }

    @Test
    void onlyAnAdminOfTheAccountOrAnOperatorMaySeeOrChangeTheAdminContacts() {
        String account = "acct-" + UUID.randomUUID();
        putAdminContacts(account, TestJwt.operator(), Map.of("emails", List.of("first@example.com")));
        Map<String, Object> change = Map.of("emails", List.of("evil@example.com"));

        assertThat(putAdminContacts(account, TestJwt.admin("9999"), change).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(putAdminContacts(account, TestJwt.portal(), change).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(adminContacts(account, TestJwt.admin("9999")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(adminContacts(account, TestJwt.billing()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.getForEntity("/api/accounts/" + account + "/admin-contacts", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(adminContactEmails(account, TestJwt.admin(account))).containsExactly("first@example.com");
    }

    private ResponseEntity<Map> putAdminContacts(String account, String token, Map<String, ?> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/api/accounts/" + account + "/admin-contacts", HttpMethod.PUT,
                new HttpEntity<>(body, headers), Map.class);
    }

    private ResponseEntity<Map> adminContacts(String account, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/api/accounts/" + account + "/admin-contacts", HttpMethod.GET,
                new HttpEntity<>(headers), Map.class);
    }

    private List<Object> adminContactEmails(String account, String token) {
        ResponseEntity<Map> answer = adminContacts(account, token);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return ((List<Map<String, Object>>) answer.getBody().get("contacts")).stream()
                .map(contact -> contact.get("email")).toList();
    }

    private List<RecordedEvent> sentEventsOf(AuthOrdered order) {
        return topics.events(Topics.AUTH_EMAIL_SENT, e -> order.orderId().equals(e.text("orderId")));
    }

    private int attemptsOfOrder(AuthOrdered order) {
        List<Integer> attempts = jdbc.queryForList("SELECT attempts FROM email WHERE order_id = ?", Integer.class,
                order.orderId());
        return attempts.isEmpty() ? 0 : attempts.get(0);
    }

    private String statusOfOrder(AuthOrdered order) {
        List<String> status = jdbc.queryForList("SELECT status FROM email WHERE order_id = ?", String.class,
                order.orderId());
        return status.isEmpty() ? "NONE" : status.get(0);
    }

    private ResponseEntity<List<Map<String, Object>>> emailsOf(String userId, String token) {
        return emailsOf(ACCOUNT, userId, token);
    }

    private ResponseEntity<List<Map<String, Object>>> emailsOf(String account, String userId, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/api/accounts/" + account + "/users/" + userId + "/emails", HttpMethod.GET,
                new HttpEntity<>(headers), new ParameterizedTypeReference<>() { });
    }

    private static List<ReceivedMail> awaitMailTo(String email) {
        return await("a mail to " + email).atMost(Duration.ofSeconds(30))
                .until(() -> mailsTo(email), mails -> !mails.isEmpty());
    }

    private static List<ReceivedMail> mailsTo(String email) {
        return received().stream().map(ReceivedMail::of).filter(mail -> mail.to().equals(email)).toList();
    }

    private static List<MimeMessage> received() {
        List<MimeMessage> all = new ArrayList<>(RECEIVED_BEFORE);
        all.addAll(Arrays.asList(smtp.getReceivedMessages()));
        return all;
    }

    /** Stops the SMTP server; returns its port, for {@link #startSmtpOn}. */
    private static int stopSmtp() {
        int port = smtp.getSmtp().getPort();
        RECEIVED_BEFORE.addAll(Arrays.asList(smtp.getReceivedMessages()));
        smtp.stop();
        return port;
    }

    private static void startSmtpOn(int port) {
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    private static String masked(AuthOrdered order) {
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
