package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.Provisioned;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both happy paths across the four services and the simulator, on the stack {@code ./extauth up} starts (real KRaft
 * broker, PostgreSQL, GreenMail), observed the way the world sees extauth: the topics, the mailbox and HTTP.
 */
class HappyPathsEndToEndTest {

    private static final String ACCOUNT = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path home;

    private static LocalStack stack;
    private static StackSettings settings;
    private static StackClient client;
    private static TopicRecorder topics;
    private static TestEvents billing;
    private static String portalToken;
    private static String adminToken;

    @BeforeAll
    static void startTheStack() {
        settings = new StackSettings(home.resolve("data"), home.resolve("keys"), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), 2);
        stack = new LocalStack(settings);
        stack.start(System.out::println);
        client = new StackClient(settings);
        String bootstrap = "127.0.0.1:" + settings.kafkaPort();
        topics = new TopicRecorder(bootstrap, Topics.ALL);
        billing = new TestEvents(bootstrap);
        JwtKeys keys = new JwtKeys(settings.keysDir());
        portalToken = keys.sign(new TokenRequest("portal", TokenRequest.Role.PORTAL, null, Duration.ofHours(1)));
        adminToken = keys.sign(new TokenRequest("admin-1", TokenRequest.Role.ADMIN, ACCOUNT, Duration.ofHours(1)));
    }

    @AfterAll
    static void stopTheStack() {
        if (topics != null) {
            topics.close();
        }
        if (billing != null) {
            billing.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** Every event the stack wrote carries each field the AsyncAPI documents call required (RequiredByNullness). */
    @AfterEach
    void everyEventOfTheServicesCarriesWhatItsContractRequires() {
        assertThat(topics.fieldsTheContractRequiresButTheServicesLeftOut()).isEmpty();
    }

    @Test
    void theStacksDataAreItsOwnersAloneAndItsDatabaseTakesOnlyTheHomesPassword() throws Exception {
        // mails with their codes, the simulator's texts, the broker's segments: another user of the machine read them
        assertThat(Files.getPosixFilePermissions(settings.dataDir()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String password = new StackSecrets(settings.keysDir()).postgresPassword();
        String url = "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, "postgres", password)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(url, "postgres", "postgres").close());
        assertThat(refused == null ? "connected" : refused.getSQLState())
                .as("the well-known password, which zonky's trust let in").isEqualTo("28P01");
    }

    @Test
    void everyServicePublishesItsHttpAndTopicDocumentsAndTheCommittedCopiesAreInStep() throws Exception {
        String operator = new JwtKeys(settings.keysDir()).sign(
                new TokenRequest("operator", TokenRequest.Role.OPERATOR, null, Duration.ofHours(1)));
        Map<String, Integer> services = Map.of("order-service", settings.orderPort(), "provisioning-service",
                settings.provisioningPort(), "challenge-service", settings.challengePort(), "notification-service",
                settings.notificationPort());
        ContractDocuments documents = new ContractDocuments(Path.of("../../docs/api"));
        for (var service : services.entrySet()) {
            String base = "http://127.0.0.1:" + service.getValue();
            JsonNode openApi = client.send("GET", base + "/v3/api-docs", operator, null, 200);
            JsonNode asyncApi = client.send("GET", base + "/springwolf/docs", operator, null, 200);
            assertThat(openApi.path("paths").size()).as("%s documents its endpoints", service.getKey()).isPositive();
            assertThat(asyncApi.path("channels").size()).as("%s documents its topics", service.getKey()).isPositive();
            documents.check(service.getKey() + ".openapi.json", openApi);
            documents.check(service.getKey() + ".asyncapi.json", asyncApi);
        }
        assertThat(documents.outOfStep()).as("docs/api is the project's machine-readable copy of the contract: "
                + "rerun with -Dextauth.docs.update=true and commit the result").isEmpty();
    }

    @Test
    void aBillingOrderForPhoneFactorEndsInAPassedPortalLoginAndASeparatePassedVpnLogin() throws Exception {
        String userId = "pf-" + UUID.randomUUID();
        String orderId = "billing-" + UUID.randomUUID();
        String email = userId + "@example.com";
        String phone = "201555" + (1000 + ThreadLocalRandom.current().nextInt(9000));
        billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced(ACCOUNT, userId, orderId, email, "PHONEFACTOR", null,
                null, true, "billing-system"));

        assertThat(topics.awaitEvent(AuthOrdered.class, userId).channel()).isEqualTo(OrderChannel.BILLING);
        assertThat(topics.awaitEvent(Provisioned.class, userId).orderId()).isEqualTo(orderId);
        EmailSent emailSent = topics.awaitEvent(EmailSent.class, userId);
        assertThat(emailSent.toMasked()).isEqualTo(email.charAt(0) + "***@example.com");
        JsonNode mail = client.awaitMail(email);
        assertThat(mail.path("subject").asText()).contains("PhoneFactor");
        assertThat(mail.path("messageId").asText()).isEqualTo(emailSent.messageId());

        String users = client.challenge("/api/users/" + userId + "/external-auth");
        client.awaitProvisioned(users + "?accountId=" + ACCOUNT, adminToken);
        JsonNode verification = client.send("POST", users + "/phonefactor/phones?accountId=" + ACCOUNT, adminToken,
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", phone), 202);
        client.answerTheRingingCall("+1" + phone, "#");
        String verificationUrl = users + "/phonefactor/phones/verifications/"
                + verification.path("verificationId").asText() + "?accountId=" + ACCOUNT;
        await().atMost(Duration.ofSeconds(30)).until(() -> client.send("GET", verificationUrl, adminToken, null, 200)
                .path("status").asText(), "VERIFIED"::equals);
        client.send("PUT", users + "/phonefactor/settings?accountId=" + ACCOUNT, adminToken,
                Map.of("status", "ACTIVE", "method", "PHONE_CALL_STANDARD"), 200);
        Activated activated = topics.awaitEvent(Activated.class, userId);
        assertThat(activated.method()).isEqualTo(PhoneFactorMethod.PHONE_CALL_STANDARD);

        for (String channel : new String[] {"PORTAL", "VPN"}) {
            JsonNode issued = client.send("POST", client.challenge("/api/challenges"), portalToken,
                    Map.of("accountId", ACCOUNT, "userId", userId, "channel", channel), 201);
            String challengeId = issued.path("challengeId").asText();
            assertThat(issued.path("message").asText()).isEqualTo("PhoneFactor authentication is being attempted");
            assertThat(topics.awaitEvent(ChallengeIssued.class, e -> challengeId.equals(e.challengeId())).channel())
                    .isEqualTo(LoginChannel.valueOf(channel));
            client.answerTheRingingCall("+1" + phone, "#");
            ChallengeResult result = topics.awaitEvent(ChallengeResult.class,
                    r -> challengeId.equals(r.challengeId()));
            assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
            assertThat(result.channel()).isEqualTo(LoginChannel.valueOf(channel));
        }
        assertThat(topics.events(Topics.AUTH_CHALLENGE_RESULT, e -> userId.equals(e.key()))).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.send("GET", client.order("/api/orders/" + orderId),
                adminToken, null, 200).path("status").asText(), "ACTIVE"::equals);
        assertThat(topics.events()).noneMatch(e -> e.value() != null && e.value().contains(phone));
    }

    @Test
    void aPortalOrderForSymantecVipIsActivatedWithTheSecurityCodeAndChallengedRightAndWrong() throws Exception {
        String userId = "vip-" + UUID.randomUUID();
        String email = userId + "@example.com";
        String credentialId = "VSST" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        JsonNode accepted = client.send("POST", client.order("/api/orders"), adminToken, Map.of("accountId", ACCOUNT,
                "userId", userId, "email", email, "type", "SYMANTEC_VIP", "credentialId", credentialId,
                "msaAcknowledged", true), 202);
        String orderId = accepted.path("orderId").asText();

        assertThat(topics.awaitEvent(AuthOrdered.class, userId).channel()).isEqualTo(OrderChannel.PORTAL);
        assertThat(topics.awaitEvent(Provisioned.class, userId).orderId()).isEqualTo(orderId);
        topics.awaitEvent(EmailSent.class, userId);
        assertThat(client.awaitMail(email).path("subject").asText()).contains("Symantec VIP");
        client.awaitProvisioned(client.challenge("/api/users/" + userId + "/external-auth?accountId=" + ACCOUNT),
                portalToken);

        client.send("POST", client.challenge("/api/users/" + userId
                + "/external-auth/symantec/activation?accountId=" + ACCOUNT), portalToken,
                Map.of("securityCode", client.securityCode(credentialId, "current")), 200);
        assertThat(topics.awaitEvent(Activated.class, userId).type()).isEqualTo(AuthType.SYMANTEC_VIP);

        String passed = client.send("POST", client.challenge("/api/challenges"), portalToken,
                Map.of("accountId", ACCOUNT, "userId", userId, "channel", "PORTAL"), 201).path("challengeId").asText();
        JsonNode answer = client.send("POST", client.challenge("/api/challenges/" + passed + "/responses"), portalToken,
                Map.of("accountId", ACCOUNT, "userId", userId, "code", client.securityCode(credentialId, "next")), 200);
        assertThat(answer.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(topics.awaitEvent(ChallengeResult.class, r -> passed.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);

        String failed = client.send("POST", client.challenge("/api/challenges"), portalToken,
                Map.of("accountId", ACCOUNT, "userId", userId, "channel", "PORTAL"), 201).path("challengeId").asText();
        client.send("POST", client.challenge("/api/challenges/" + failed + "/responses"), portalToken,
                Map.of("accountId", ACCOUNT, "userId", userId, "code", "000000"), 200);
        ChallengeResult result = topics.awaitEvent(ChallengeResult.class, r -> failed.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.FAILED);
        assertThat(result.consecutiveFailures()).isEqualTo(1);
        assertThat(result.remainingAttempts()).isEqualTo(4);
    }
}
