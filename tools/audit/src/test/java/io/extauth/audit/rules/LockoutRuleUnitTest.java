package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.ids;
import static io.extauth.audit.rules.Audits.onlyViolation;
import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.Unlocked;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockoutRuleUnitTest {

    @Test
    void aLockAtTheFifthFailureEndedByTheTimerOrAnAdminIsClean() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.login(ChallengeOutcome.EXPIRED);
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.EXPIRED);
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.rejectedWhileLocked();
        jane.rejectedWhileLocked();
        jane.unlockedByTimer();
        jane.lockOut();
        jane.unlocked("admin-1234", jane.now());
        jane.login(ChallengeOutcome.SUCCEEDED);

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void aChallengeTheVendorCouldNotDeliverIsNoStrikeAndNoSuccessSoTheFifthFailureAfterItStillLocks() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
            jane.login(ChallengeOutcome.NOT_DELIVERED);
        }
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void aChallengeWithdrawnWhenTheFactorChangedIsNoStrikeSoLockingAtItsCountIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.login(ChallengeOutcome.WITHDRAWN);
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();
        assertThat(run(jane.events()).violations()).isEmpty();

        History joe = new History("1234", "joe").onboarded("o-2");
        for (int i = 0; i < 3; i++) {
            joe.login(ChallengeOutcome.FAILED);
        }
        joe.login(ChallengeOutcome.WITHDRAWN);
        joe.login(ChallengeOutcome.LOCKED_OUT);
        joe.unlockedByTimer();
        assertThat(onlyViolation(run(joe.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE).explanation())
                .isEqualTo("LOCKED_OUT at consecutive failure 4, not at the fifth");
    }

    @Test
    void aFifthFailureCountingAnUndeliveredChallengeAsAStrikeIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 3; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.login(ChallengeOutcome.NOT_DELIVERED);
        jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(violation.explanation()).isEqualTo("LOCKED_OUT at consecutive failure 4, not at the fifth");
    }

    @Test
    void aFraudReportMadeLaterExcusesNoLockoutThatCameBeforeItsFifthFailure() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent premature = jane.fraudLock(false);
        ChallengeResult lock = premature.as(ChallengeResult.class);
        jane.wait(Duration.ofMinutes(30));
        // a report of that challenge half an hour later: challenge-service writes a report with its decision
        jane.add(new FraudReported("1234", "jane", lock.challengeId(), LoginChannel.PORTAL,
                PhoneFactorMethod.PHONE_CALL_STANDARD, jane.now()));
        jane.unlocked("admin-1234", jane.now());

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(violation.explanation()).isEqualTo("LOCKED_OUT at consecutive failure 2, not at the fifth, and the "
                + "FraudReported for challenge " + lock.challengeId() + " was not reported with its decision");
        History joe = new History("1234", "joe").onboarded("o-2");
        joe.login(ChallengeOutcome.FAILED);
        joe.fraudReport();
        joe.unlocked("admin-1234", joe.now());
        assertThat(run(joe.events()).violations()).as("reported when it was decided").isEmpty();
    }

    @Test
    void aReportOrAResultWithoutItsTimeOrAForgedEarlierReportNeitherEndsTheAuditNorHidesTheRealReport() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent locked = jane.fraudLock(false);
        String challengeId = locked.as(ChallengeResult.class).challengeId();
        // a forged report dated a day before, one without a time, then the real one with the decision
        jane.add(new FraudReported("1234", "jane", challengeId, LoginChannel.PORTAL, null,
                locked.as(ChallengeResult.class).decidedAt().minus(Duration.ofDays(1))));
        jane.add(new FraudReported("1234", "jane", challengeId, LoginChannel.PORTAL, null, null));
        jane.add(new FraudReported("1234", "jane", challengeId, LoginChannel.PORTAL, null,
                locked.as(ChallengeResult.class).decidedAt()));
        jane.unlocked("admin-1234", jane.now());
        History joe = new History("1234", "joe").onboarded("o-2");
        joe.login(ChallengeOutcome.FAILED);
        joe.issued("joe-undated");
        joe.add(new ChallengeResult("1234", "joe", "joe-undated", LoginChannel.PORTAL, ChallengeOutcome.LOCKED_OUT, 2,
                0, null, null));
        joe.add(new FraudReported("1234", "joe", "joe-undated", LoginChannel.PORTAL, null, joe.now()));

        assertThat(run(jane.events()).violations()).as("the real report counts").isEmpty();
        assertThat(onlyViolation(run(joe.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE).explanation())
                .as("an undated result is judged, not thrown on").contains("was not reported with its decision");
    }

    @Test
    void aLockoutAtTheFourthFailureIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.EXPIRED);
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent lock = jane.login(ChallengeOutcome.LOCKED_OUT);
        jane.unlockedByTimer();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(ids(violation)).hasSize(4).endsWith(lock.id());
        assertThat(violation.explanation()).isEqualTo("LOCKED_OUT at consecutive failure 4, not at the fifth");
    }

    @Test
    void aFifthFailureThatDoesNotLockIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        AuditEvent fifth = jane.login(ChallengeOutcome.EXPIRED);

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(ids(violation)).hasSize(5).endsWith(fifth.id());
        assertThat(violation.explanation()).contains("EXPIRED, not LOCKED_OUT");
    }

    @Test
    void aRejectionWhileLockedIsNoStrikeButASuccessResetsTheCount() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 3; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent lock = jane.login(ChallengeOutcome.LOCKED_OUT);

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(ids(violation)).endsWith(lock.id());
        assertThat(violation.explanation()).contains("failure 2");
    }

    @Test
    void aSuccessWhileLockedIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent lock = jane.lockOut();
        AuditEvent success = jane.login(ChallengeOutcome.SUCCEEDED);
        jane.unlockedByTimer();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.SUCCEEDED_WHILE_LOCKED);

        assertThat(ids(violation)).containsExactly(lock.id(), success.id());
    }

    @Test
    void aTimerUnlockBeforeLockedUntilIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent lock = jane.lockOut();
        jane.wait(Duration.ofMinutes(10));
        AuditEvent early = jane.unlocked(Unlocked.BY_TIMER, jane.now());

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCK_ENDED_EARLY);

        assertThat(ids(violation)).containsExactly(lock.id(), early.id());
        assertThat(violation.explanation()).contains(jane.lockedUntil().toString());
    }

    @Test
    void anAdminMayUnlockAtAnyTime() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.lockOut();
        jane.unlocked("admin-1234", jane.now());

        assertThat(run(jane.events()).violations()).isEmpty();
    }
}
