package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.Provisioned;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack stopped in the middle of the walk-through and started again on the same data and ports: the e-mail is
 * still in the mailbox, the call that was ringing can still be answered, and nothing happens twice.
 */
class RestartEndToEndTest {

    private static final String ACCOUNT = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path home;

    private LocalStack stack;
    private TopicRecorder topics;

    @AfterEach
    void stopWhatRuns() {
        if (topics != null) {
            topics.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPhoneFactorWalkThroughInterruptedByARestartWhileTheVerificationCallRingsContinuesWithNothingLostOrRepeated() {
        StackSettings settings = new StackSettings(home.resolve("data"), home.resolve("keys"), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), 2);
        StackClient client = new StackClient(settings);
        String bootstrap = "127.0.0.1:" + settings.kafkaPort();
        JwtKeys keys = new JwtKeys(settings.keysDir());
        String adminToken = keys.sign(new TokenRequest("admin-1", TokenRequest.Role.ADMIN, ACCOUNT, Duration.ofHours(1)));
        String portalToken = keys.sign(new TokenRequest("portal", TokenRequest.Role.PORTAL, null, Duration.ofHours(1)));
        String userId = "pf-" + UUID.randomUUID();
        String orderId = "billing-" + UUID.randomUUID();
        String email = userId + "@example.com";
        String phone = "201555" + (1000 + ThreadLocalRandom.current().nextInt(9000));
        String users = client.challenge("/api/users/" + userId + "/external-auth");

        start(settings);
        try (TestEvents billing = new TestEvents(bootstrap)) {
            billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced(ACCOUNT, userId, orderId, email, "PHONEFACTOR",
                    null, null, true, "billing-system"));
        }
        topics.awaitEvent(Provisioned.class, userId);
        EmailSent emailSent = topics.awaitEvent(EmailSent.class, userId);
        client.awaitMail(email);
        client.awaitProvisioned(users + "?accountId=" + ACCOUNT, adminToken);
        String verificationId = client.send("POST", users + "/phonefactor/phones?accountId=" + ACCOUNT, adminToken,
                Map.of("slot", "PRIMARY", "countryCode", "1", "number", phone), 202).path("verificationId").asText();
        String ringingCallId = client.awaitRingingCall("+1" + phone).path("callId").asText();

        topics.close();
        topics = null;
        stack.close();
        start(settings);

        JsonNode mailbox = client.mail(email);
        assertThat(mailbox).as("the e-mail received before the restart").hasSize(1);
        assertThat(mailbox.get(0).path("messageId").asText()).isEqualTo(emailSent.messageId());
        assertThat(mailbox.get(0).path("subject").asText()).contains("PhoneFactor");
        client.answerCall(ringingCallId, "#");
        await().atMost(Duration.ofSeconds(30)).until(() -> client.send("GET", users
                + "/phonefactor/phones/verifications/" + verificationId + "?accountId=" + ACCOUNT, adminToken, null,
                200).path("status").asText(), "VERIFIED"::equals);
        client.send("PUT", users + "/phonefactor/settings?accountId=" + ACCOUNT, adminToken,
                Map.of("status", "ACTIVE", "method", "PHONE_CALL_STANDARD"), 200);
        topics.awaitEvent(Activated.class, userId);
        String challengeId = client.send("POST", client.challenge("/api/challenges"), portalToken,
                Map.of("accountId", ACCOUNT, "userId", userId, "channel", "PORTAL"), 201).path("challengeId").asText();
        client.answerTheRingingCall("+1" + phone, "#");
        assertThat(topics.awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId())).outcome())
                .isEqualTo(ChallengeOutcome.SUCCEEDED);

        // a duplicate would come from a service redoing work after the restart: give it a few seconds to show
        List<String> types = List.of("AuthOrdered", "Provisioned", "EmailSent", "Activated");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                topics.events().stream().filter(e -> userId.equals(e.key()) && types.contains(e.type()))
                        .map(e -> e.is(EmailSent.class) ? e.type() + " " + e.as(EmailSent.class).template() : e.type()))
                .as("each once, across both runs").containsExactlyInAnyOrder("AuthOrdered", "Provisioned",
                        "EmailSent provisioned-phonefactor", "Activated", "EmailSent activated"));
        assertThat(client.mail(email)).as("the welcome e-mail once, then the activation e-mail")
                .extracting(mail -> mail.path("messageId").asText())
                .containsExactly(emailSent.messageId(), topics.awaitEvent(EmailSent.class,
                        e -> userId.equals(e.userId()) && "activated".equals(e.template())).messageId());
    }

    private void start(StackSettings settings) {
        stack = new LocalStack(settings);
        stack.start(System.out::println);
        topics = new TopicRecorder("127.0.0.1:" + settings.kafkaPort(), Topics.ALL);
    }
}
