package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.lifecycle.LifecycleState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditorUnitTest {

    @Test
    void aCleanHistoryOfSeveralUsersHasNoViolations() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.EXPIRED);
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.lockOut();
        jane.rejectedWhileLocked();
        jane.unlockedByTimer();
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.lockOut();
        jane.unlocked("admin-1234", jane.now());
        jane.deactivated();
        jane.onboarded("o-2");
        History bob = jane.andUser("1234", "bob");
        bob.orderPlaced("o-3");
        bob.rejected("o-3");

        AuditResult result = run(jane.events());

        assertThat(result.violations()).isEmpty();
        assertThat(result.users()).extracting(UserHistory::user)
                .containsExactly(new UserKey("1234", "bob"), new UserKey("1234", "jane"));
        assertThat(result.events()).isEqualTo(jane.events().size());
    }

    @Test
    void eachUsersEventsAreReplayedInTheOrderTheyHappenedNotTheOrderTheyWereRead() {
        List<AuditEvent> events = new ArrayList<>(new History("1234", "jane").onboarded("o-1").events());
        Collections.reverse(events);

        AuditResult result = run(events);

        assertThat(result.violations()).isEmpty();
        assertThat(result.users().get(0).steps()).last().extracting(Step::stateAfter).isEqualTo(LifecycleState.ACTIVE);
    }

    @Test
    void theSameUserIdInTwoAccountsHasTwoHistories() {
        History inFirst = new History("1111", "jane").onboarded("o-1");
        History inSecond = inFirst.andUser("2222", "jane");
        inSecond.activated();

        AuditResult result = run(inFirst.events());

        Violation violation = Audits.onlyViolation(result, ViolationKind.ACTIVATION_WITHOUT_PROVISIONING);
        assertThat(violation.user()).isEqualTo(new UserKey("2222", "jane"));
        assertThat(result.users()).hasSize(2);
    }
}
