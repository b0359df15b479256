package io.extauth.audit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.synthetic.SyntheticHistory;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, seventh pass: on a large history the users are checked on two threads. The result is the one a single
 * thread gets — the same histories in the same order, the same violations in the same order — on a history broken in
 * many ways (events missing, out of order, ids twice with other content, events redelivered).
 */
class AuditorTwoThreadsUnitTest {

    private static final Instant EPOCH = Instant.parse("2025-03-01T08:00:00Z");

    @Test
    void twoThreadsFindWhatOneFindsInTheSameOrder() {
        List<AuditEvent> events = brokenHistory(800);
        UserLifecycle lifecycle = UserLifecycle.standard();
        List<Rule> rules = List.of(new OrderIntakeRule(), new ActivationRule(), new ProvisioningEmailRule(),
                new LockoutRule(), new ChallengeRule());

        AuditResult oneThread = new Auditor(lifecycle, rules, Integer.MAX_VALUE).audit(events, List.of(),
                History.AS_OF);
        AuditResult twoThreads = new Auditor(lifecycle, rules, 0).audit(events, List.of(), History.AS_OF);

        assertThat(oneThread.violations()).hasSizeGreaterThan(100);
        assertThat(oneThread.violations().stream().map(Violation::kind).distinct()).hasSizeGreaterThan(4);
        assertThat(twoThreads.users()).isEqualTo(oneThread.users());
        assertThat(twoThreads.violations()).isEqualTo(oneThread.violations());
        assertThat(twoThreads).isEqualTo(oneThread);
    }

    /**
     * The ids are checked on a thread of their own while the users are grouped from every event read (forty-sixth
     * pass): a redelivered record or the later event of a clash is in no user's history, on either path.
     */
    @Test
    void whatTheIdCheckDropsIsInNoUsersHistoryWithOneThreadOrTwo() {
        List<AuditEvent> events = brokenHistory(300);
        UserLifecycle lifecycle = UserLifecycle.standard();

        for (int parallelFrom : new int[] {0, Integer.MAX_VALUE}) {
            AuditResult result = new Auditor(lifecycle, List.of(), parallelFrom).audit(events, List.of(),
                    History.AS_OF);
            DuplicateIds.Result ids = new DuplicateIds().check(events);

            assertThat(ids.unique()).as("records dropped by the id check").hasSizeLessThan(events.size() - 10);
            List<AuditEvent> replayed = result.users().stream().flatMap(user -> user.events().stream()).toList();
            assertThat(replayed).as("parallelFrom %d", parallelFrom).hasSize(ids.unique().size())
                    .containsExactlyInAnyOrderElementsOf(ids.unique());
            assertThat(result.events()).isEqualTo(ids.unique().size());
        }
    }

    @Test
    void theStandardAuditUsesTwoThreadsFromTenThousandEvents() {
        assertThat(Auditor.PARALLEL_FROM).isEqualTo(10_000);
    }

    private static List<AuditEvent> brokenHistory(int users) {
        Random random = new Random(7);
        List<AuditEvent> events = new ArrayList<>();
        long offset = 0;
        for (int user = 0; user < users; user++) {
            for (SyntheticHistory.Timed timed : SyntheticHistory.of(user, EPOCH)) {
                int roll = random.nextInt(40);
                if (roll == 0) {
                    continue; // lost
                }
                Instant time = roll == 1 ? timed.time().minusSeconds(30) : timed.time(); // out of order
                String id = roll == 2 && !events.isEmpty() ? events.get(events.size() - 1).id() // an id twice
                        : "id-" + user + "-" + offset;
                AuditEvent event = new AuditEvent(timed.topic(), user % 3, offset++, id, time, timed.event());
                events.add(event);
                if (roll == 3) {
                    events.add(event); // redelivered
                }
                if (roll == 4 && timed.event() instanceof AuthOrdered) {
                    events.add(new AuditEvent(timed.topic(), user % 3, offset++, "id-again-" + user, time,
                            timed.event())); // ordered twice
                }
            }
        }
        Collections.shuffle(events, random);
        return events;
    }
}
