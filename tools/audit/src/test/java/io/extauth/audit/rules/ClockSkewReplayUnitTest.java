package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.ids;
import static io.extauth.audit.rules.Audits.onlyViolation;
import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.events.ChallengeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Instances stamp {@code ce_time} with their own clocks, up to 2 s apart while healthy (README, Clocks). A user's
 * events of one topic share a partition and were written there in the order they were decided, under the user's row
 * lock: the audit replays them in offset order whatever their times say ({@link ReplayOrder}). Between topics only
 * the times can tell.
 */
class ClockSkewReplayUnitTest {

    @Test
    void aSuccessStampedByAClockAheadIsReplayedBeforeTheFailureDecidedAfterItSoTheFailureIsTheFirstStrike() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.issued("portal");
        jane.issued("vpn");
        // instance A, its clock 1.5 s ahead, decides the portal challenge; 0.8 s later instance B, its clock right,
        // decides the VPN challenge under the user's row lock: the partition has them in that order, their times not
        AuditEvent success = jane.result("portal", ChallengeOutcome.SUCCEEDED);
        AuditEvent failure = jane.result("vpn", ChallengeOutcome.FAILED);
        success = jane.stampedAt(success, failure.time().plusMillis(700));

        AuditResult result = run(jane.asRead());

        assertThat(result.violations()).isEmpty();
        assertThat(challengeResults(result)).endsWith(success, failure);
    }

    @Test
    void aFifthFailureThatDoesNotLockIsFoundEvenWhenTheSuccessWrittenAfterItIsStampedEarlier() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.issued("portal");
        jane.issued("vpn");
        // instance B decides the fifth failure and does not lock; 0.8 s later instance A, its clock 1.5 s behind,
        // decides a success that is stamped 0.7 s before it
        AuditEvent fifth = jane.result("vpn", ChallengeOutcome.FAILED);
        AuditEvent success = jane.result("portal", ChallengeOutcome.SUCCEEDED);
        jane.stampedAt(success, fifth.time().minusMillis(700));

        Violation violation = onlyViolation(run(jane.asRead()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(ids(violation)).hasSize(5).endsWith(fifth.id());
        assertThat(violation.explanation()).isEqualTo("the fifth consecutive failure was FAILED, not LOCKED_OUT");
    }

    @Test
    void aSuccessDecidedBeforeAFraudLockIsNoSuccessWhileLockedWhenItsClockStampedItAfterTheLock() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.issued("portal");
        // instance A, its clock 1.5 s ahead, decides the portal challenge; 0.8 s later the user reports the VPN
        // push as fraud on instance B, whose lock is stamped 0.7 s before that success
        AuditEvent success = jane.result("portal", ChallengeOutcome.SUCCEEDED);
        AuditEvent lock = jane.fraudReport();
        success = jane.stampedAt(success, lock.time().plusMillis(700));

        AuditResult result = run(jane.asRead());

        assertThat(result.violations()).isEmpty();
        assertThat(challengeResults(result)).containsExactly(success, lock);
    }

    @Test
    void eventsOfDifferentTopicsAndPartitionsAreReplayedByTheirTimesWhateverOrderTheyWereReadIn() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.lockOut();
        jane.unlocked("admin-1234", jane.now());
        AuditEvent later = jane.login(ChallengeOutcome.SUCCEEDED);
        // the topic was given a second partition: the user's earlier results are on partition 1, the last one on
        // partition 0, which is read first and has lower offsets
        for (AuditEvent event : List.copyOf(jane.events())) {
            if (event.is(ChallengeResult.class) && !event.id().equals(later.id())) {
                jane.movedTo(event, 1, event.position().offset());
            }
        }
        jane.movedTo(later, 0, 0);

        AuditResult result = run(jane.asRead());

        assertThat(result.violations()).isEmpty();
        assertThat(result.users().get(0).events()).containsExactlyElementsOf(jane.events());
    }

    @Test
    void aSuccessBeforeAnUnlockOnAnotherTopicIsASuccessWhileLockedThoughTheUnlockWasReadFirst() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent lock = jane.lockOut();
        AuditEvent success = jane.login(ChallengeOutcome.SUCCEEDED);
        jane.unlocked("admin-1234", jane.now());
        // auth.activated (the unlock) is read before auth.challenge-result, and they share no offsets: times decide

        Violation violation = onlyViolation(run(jane.asRead()), ViolationKind.SUCCEEDED_WHILE_LOCKED);

        assertThat(ids(violation)).containsExactly(lock.id(), success.id());
    }

    private static List<AuditEvent> challengeResults(AuditResult result) {
        return result.users().get(0).events().stream().filter(e -> e.is(ChallengeResult.class)).toList();
    }
}
