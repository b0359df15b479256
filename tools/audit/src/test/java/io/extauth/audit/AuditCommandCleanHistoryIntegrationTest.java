package io.extauth.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.testsupport.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

@EmbeddedKafka(partitions = 3, topics = {
        Topics.BILLING_ORDERS, Topics.BILLING_ORDERS_REJECTED, Topics.AUTH_ORDERED, Topics.AUTH_PROVISIONED,
        Topics.AUTH_EMAIL_SENT, Topics.AUTH_ACTIVATED, Topics.AUTH_CHALLENGE_ISSUED, Topics.AUTH_CHALLENGE_RESULT,
        Topics.BILLING_ORDERS + "-dlt", Topics.AUTH_ORDERED + "-dlt", Topics.AUTH_PROVISIONED + "-dlt"})
class AuditCommandCleanHistoryIntegrationTest {

    private static String bootstrap;
    private static Instant betweenJaneAndBob;

    @BeforeAll
    static void seedACleanHistory(EmbeddedKafkaBroker broker) {
        bootstrap = broker.getBrokersAsString();
        try (TestEvents events = new TestEvents(bootstrap)) {
            Seed jane = new Seed(events, "1234", "jane").onboarded("o-1");
            jane.login(ChallengeOutcome.SUCCEEDED);
            jane.login(ChallengeOutcome.FAILED);
            jane.login(ChallengeOutcome.SUCCEEDED);
            jane.lockOut();
            jane.result(jane.nextChallengeId(), ChallengeOutcome.REJECTED_LOCKED);
            jane.unlockedByTimer();
            jane.login(ChallengeOutcome.SUCCEEDED);
            jane.issued(jane.nextChallengeId(), Instant.now().plusSeconds(600));
            Instant mark = Instant.now().plusMillis(2);
            await().until(() -> Instant.now().isAfter(mark));
            betweenJaneAndBob = mark;

            Seed bob = new Seed(events, "5678", "bob").onboarded("o-2");
            bob.lockOut();
            bob.unlocked("admin-5678", Instant.now());
            bob.deactivated();
            bob.onboarded("o-3");
            bob.redeliverLast();

            events.sendStructured(Topics.BILLING_ORDERS, new OrderPlaced("1234", "carol", "o-4", "carol@example.com",
                    "PHONEFACTOR", null, "NOPE", true, "billing"));
            new Seed(events, "1234", "carol").rejected("o-4");

            String badOrder = "{\"accountId\":\"1234\",\"userId\":\"dave\",\"orderId\":\"o-5\",\"email\":\"no-at\"}";
            String id = "dead-order-1";
            events.sendRaw(Topics.BILLING_ORDERS, "dave", bytes(badOrder), binaryHeaders(id, "OrderPlaced"));
            List<String> dlt = new ArrayList<>(List.of(binaryHeaders(id, "OrderPlaced")));
            dlt.addAll(List.of("kafka_dlt-original-topic", Topics.BILLING_ORDERS,
                    "extauth-dlt-reason", "email: not an e-mail address"));
            events.sendRaw(Topics.deadLetterOf(Topics.BILLING_ORDERS), "dave", bytes(badOrder),
                    dlt.toArray(String[]::new));

            events.sendRaw(Topics.AUTH_ORDERED, "eve", bytes("this is not json"), "ce_specversion", "1.0", "ce_id",
                    "garbage-1", "ce_type", "AuthOrdered", "ce_source", "/somewhere");
            events.sendRaw(Topics.AUTH_PROVISIONED, "eve", bytes("{\"accountId\":\"1\",\"userId\":\"eve\"}"),
                    binaryHeaders("odd-1", "Teleported"));
        }
    }

    @Test
    void aCleanHistoryAuditsCleanWithExitCodeZero() {
        AuditRun run = AuditRun.of("--bootstrap-servers", bootstrap, "--no-progress");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AuditCommand.CLEAN);
        assertThat(run.out()).contains("CLEAN: no violations").contains("unreadable records").contains(
                "dead letters on billing.orders-dlt");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theJsonReportCountsUsersRedeliveriesDeadLettersAndUnreadableRecords() {
        AuditRun run = AuditRun.json(bootstrap);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AuditCommand.CLEAN);
        JsonNode summary = run.report().get("summary");
        assertThat(summary.get("users").asInt()).isEqualTo(4);
        assertThat(summary.get("redelivered").asInt()).isEqualTo(1);
        assertThat(summary.get("deadLetters").get("billing.orders-dlt").asInt()).isEqualTo(1);
        assertThat(summary.get("violations").asInt()).isZero();
        assertThat(run.report().get("violations")).isEmpty();
        List<String> reasons = new ArrayList<>();
        summary.get("unreadableRecords").forEach(bad -> reasons.add(bad.get("reason").asText()));
        assertThat(reasons).hasSize(2).anyMatch(r -> r.startsWith("data is not a AuthOrdered"))
                .contains("unknown event type 'Teleported'");
        assertThat(summary.get("unreadableRecords").get(0).get("position").get("topic").asText())
                .isIn(Topics.AUTH_ORDERED, Topics.AUTH_PROVISIONED);
    }

    @Test
    void aUsersTimelineShowsEveryEventWithTheLifecycleItMoved() {
        AuditRun run = AuditRun.of("--bootstrap-servers", bootstrap, "--no-progress", "--user", "jane");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.CLEAN);
        assertThat(run.out()).contains("Timeline of account 1234 user jane:")
                .contains("ORDER: NONE -> ORDERED").contains("PROVISION: ORDERED -> PROVISIONED")
                .contains("ACTIVATE: PROVISIONED -> ACTIVE").contains("FAIL: ACTIVE -> LOCKED")
                .contains("UNLOCK: LOCKED -> ACTIVE").contains("REJECTED_LOCKED").doesNotContain("bob");
    }

    @Test
    void readingFromATimeLeavesOutWhatCameBefore() {
        AuditRun run = AuditRun.json(bootstrap, "--from", betweenJaneAndBob.toString(), "--user", "jane");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AuditCommand.CLEAN);
        assertThat(run.report().get("summary").get("users").asInt()).isEqualTo(3);
        assertThat(run.report().get("timeline")).isEmpty();
    }

    private static String[] binaryHeaders(String id, String type) {
        return new String[] {"ce_specversion", "1.0", "ce_id", id, "ce_source", "/billing", "ce_type", type,
                "content-type", "application/json"};
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
