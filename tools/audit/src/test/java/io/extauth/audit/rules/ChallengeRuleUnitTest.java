package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.ids;
import static io.extauth.audit.rules.Audits.onlyViolation;
import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ChallengeOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeRuleUnitTest {

    @Test
    void everyIssuedChallengeDecidedOnceIsClean() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.login(ChallengeOutcome.FAILED);

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void anExpiredChallengeWithoutResultIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent issued = jane.issued("c-9");

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.CHALLENGE_WITHOUT_RESULT);

        assertThat(ids(violation)).containsExactly(issued.id());
    }

    @Test
    void aChallengeThatHasNotExpiredYetIsPending() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.issued("c-9");

        AuditResult result = Audits.AUDITOR.audit(jane.events(), List.of(), jane.now());

        assertThat(result.violations()).isEmpty();
    }

    @Test
    void aChallengeDecidedTwiceIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent issued = jane.issued("c-9");
        AuditEvent first = jane.result("c-9", ChallengeOutcome.FAILED);
        AuditEvent second = jane.result("c-9", ChallengeOutcome.SUCCEEDED);

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.CHALLENGE_DECIDED_TWICE);

        assertThat(ids(violation)).containsExactly(issued.id(), first.id(), second.id());
    }

    @Test
    void aResultForAChallengeNeverIssuedIsAViolationUnlessItRejectsALockedUser() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.rejectedWhileLocked();
        AuditEvent orphan = jane.result("c-never", ChallengeOutcome.FAILED);

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.RESULT_WITHOUT_CHALLENGE);

        assertThat(ids(violation)).containsExactly(orphan.id());
        assertThat(violation.explanation()).contains("c-never");
    }
}
