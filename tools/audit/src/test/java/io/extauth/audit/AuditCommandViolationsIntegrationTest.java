package io.extauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import io.extauth.audit.rules.ViolationKind;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Unlocked;
import io.extauth.testsupport.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** A history with one planted violation of each kind, each on its own user, among clean users. */
@EmbeddedKafka(partitions = 3, topics = {
        Topics.BILLING_ORDERS, Topics.BILLING_ORDERS_REJECTED, Topics.AUTH_ORDERED, Topics.AUTH_PROVISIONED,
        Topics.AUTH_EMAIL_SENT, Topics.AUTH_ACTIVATED, Topics.AUTH_CHALLENGE_ISSUED, Topics.AUTH_CHALLENGE_RESULT})
class AuditCommandViolationsIntegrationTest {

    private static String bootstrap;
    /** The planted violations: kind and user, with the ids of events each must show. */
    private static final Map<String, List<String>> PLANTED = new HashMap<>();

    @BeforeAll
    static void seedHistoriesWithOneViolationOfEachKind(EmbeddedKafkaBroker broker) {
        bootstrap = broker.getBrokersAsString();
        try (TestEvents events = new TestEvents(bootstrap)) {
            new Seed(events, "9000", "clean-1").onboarded("o-clean-1").lockOut();
            new Seed(events, "9000", "clean-2").onboarded("o-clean-2").login(ChallengeOutcome.SUCCEEDED);

            Seed unprovisioned = new Seed(events, "9000", "activated-unprovisioned");
            unprovisioned.orderPlaced("o-10");
            unprovisioned.ordered("o-10");
            plant(ViolationKind.ACTIVATION_WITHOUT_PROVISIONING, "activated-unprovisioned", unprovisioned.activated());

            Seed noMail = new Seed(events, "9000", "no-mail");
            noMail.orderPlaced("o-11");
            noMail.ordered("o-11");
            plant(ViolationKind.PROVISIONING_EMAIL_MISSING, "no-mail", noMail.provisioned("o-11"));

            Seed twoMails = new Seed(events, "9000", "two-mails").onboarded("o-12");
            plant(ViolationKind.PROVISIONING_EMAIL_DUPLICATED, "two-mails",
                    twoMails.email("o-12", "provisioned-symantec-vip"));

            Seed duplicate = new Seed(events, "9000", "duplicate-id");
            duplicate.orderPlaced("o-13");
            duplicate.ordered("o-13");
            duplicate.provisioned("o-13");
            duplicate.email("o-13", "provisioned-symantec-vip");
            String activation = duplicate.activated();
            duplicate.send(new Activated("9000", "duplicate-id", AuthType.PHONEFACTOR, PhoneFactorMethod.APP_STANDARD,
                    Instant.now(), "duplicate-id"), activation);
            plant(ViolationKind.DUPLICATE_EVENT_ID, "duplicate-id", activation);

            Seed early = new Seed(events, "9000", "locked-early").onboarded("o-14");
            early.login(ChallengeOutcome.FAILED);
            early.login(ChallengeOutcome.FAILED);
            early.login(ChallengeOutcome.FAILED);
            plant(ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE, "locked-early", early.login(ChallengeOutcome.LOCKED_OUT));
            early.unlockedByTimer();

            Seed miscounted = new Seed(events, "9000", "miscounted").onboarded("o-22");
            String first = miscounted.login(ChallengeOutcome.FAILED);
            String challengeId = miscounted.nextChallengeId();
            miscounted.issued(challengeId, Instant.now().plusSeconds(120));
            // the second strike in a row, said to be the third
            plant(ViolationKind.STRIKE_COUNT_MISMATCH, "miscounted", first, miscounted.send(new ChallengeResult("9000",
                    "miscounted", challengeId, LoginChannel.VPN, ChallengeOutcome.FAILED, 3, 2, null, Instant.now())));

            Seed sneaky = new Seed(events, "9000", "success-while-locked").onboarded("o-15");
            String lock = sneaky.lockOut();
            plant(ViolationKind.SUCCEEDED_WHILE_LOCKED, "success-while-locked", lock,
                    sneaky.login(ChallengeOutcome.SUCCEEDED));
            sneaky.unlocked("admin-9000", Instant.now());

            Seed released = new Seed(events, "9000", "unlocked-early").onboarded("o-16");
            String held = released.lockOut();
            plant(ViolationKind.LOCK_ENDED_EARLY, "unlocked-early", held,
                    released.unlocked(Unlocked.BY_TIMER, released.lockedUntil().minus(Seed.LOCK.dividedBy(2))));

            Seed undecided = new Seed(events, "9000", "undecided").onboarded("o-17");
            plant(ViolationKind.CHALLENGE_WITHOUT_RESULT, "undecided",
                    undecided.issued("undecided-c9", Instant.now().minusSeconds(1)));

            Seed twice = new Seed(events, "9000", "decided-twice").onboarded("o-18");
            String issued = twice.issued("twice-c1", Instant.now().plusSeconds(120));
            twice.result("twice-c1", ChallengeOutcome.SUCCEEDED);
            plant(ViolationKind.CHALLENGE_DECIDED_TWICE, "decided-twice", issued,
                    twice.result("twice-c1", ChallengeOutcome.FAILED));

            Seed orphan = new Seed(events, "9000", "orphan-result").onboarded("o-19");
            plant(ViolationKind.RESULT_WITHOUT_CHALLENGE, "orphan-result",
                    orphan.result("never-issued", ChallengeOutcome.FAILED));

            Seed lost = new Seed(events, "9000", "lost-order");
            plant(ViolationKind.ORDER_UNANSWERED, "lost-order", lost.orderPlaced("o-20"));

            Seed doubled = new Seed(events, "9000", "doubled-order");
            String placed = doubled.orderPlaced("o-21");
            String ordered = doubled.ordered("o-21");
            plant(ViolationKind.ORDER_ANSWERED_TWICE, "doubled-order", placed, ordered, doubled.rejected("o-21"));
        }
    }

    private static void plant(ViolationKind kind, String userId, String... eventIds) {
        PLANTED.put(kind + " " + userId, List.of(eventIds));
    }

    @Test
    void theAuditFindsExactlyThePlantedViolationsWithTheirEventsAndExitsWithOne() {
        AuditRun run = AuditRun.json(bootstrap);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AuditCommand.VIOLATIONS);
        JsonNode report = run.report();
        Map<String, List<String>> found = new HashMap<>();
        for (JsonNode violation : report.get("violations")) {
            List<String> ids = new ArrayList<>();
            violation.get("events").forEach(event -> {
                ids.add(event.get("id").asText());
                assertThat(event.get("topic").asText()).isNotBlank();
                assertThat(event.has("partition") && event.has("offset") && event.has("time")).isTrue();
            });
            assertThat(violation.get("accountId").asText()).isEqualTo("9000");
            assertThat(violation.get("explanation").asText()).isNotBlank();
            found.put(violation.get("kind").asText() + " " + violation.get("userId").asText(), ids);
        }
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(PLANTED.keySet());
        PLANTED.forEach((violation, ids) -> assertThat(found.get(violation)).as(violation).containsAll(ids));
        assertThat(PLANTED).hasSize(ViolationKind.values().length);
        report.get("summary").get("violationsByKind").forEach(count -> assertThat(count.asInt()).isEqualTo(1));
        assertThat(report.get("summary").get("users").asInt()).isEqualTo(15);
    }

    @Test
    void theTextReportNamesEachViolationWithItsUserAndEvents() {
        AuditRun run = AuditRun.of("--bootstrap-servers", bootstrap, "--no-progress");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.VIOLATIONS);
        assertThat(run.out()).contains("VIOLATIONS: " + PLANTED.size())
                .contains("LOCK_ENDED_EARLY  account 9000 user unlocked-early")
                .contains("Activated while ORDERED")
                .containsPattern("auth\\.challenge-result-\\d@\\d+");
    }

    @Test
    void progressGoesToStandardErrorAsPlainLinesWhenNotOnATerminal() {
        AuditRun run = AuditRun.of("--bootstrap-servers", bootstrap, "--format", "json");

        assertThat(run.err()).contains("audit: read 100%").contains("events").contains("/s");
        assertThat(run.report().get("violations")).hasSize(PLANTED.size());
    }
}
