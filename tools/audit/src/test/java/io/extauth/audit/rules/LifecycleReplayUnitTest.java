package io.extauth.audit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Transition;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleReplayUnitTest {

    private final LifecycleReplay replay = new LifecycleReplay(UserLifecycle.standard());

    @Test
    void theLifecycleItselfLocksTheUserAtTheFifthConsecutiveFailure() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.login(ChallengeOutcome.LOCKED_OUT);

        List<Step> steps = results(replay.replay(new UserKey("1234", "jane"), jane.events()));

        Step fourth = steps.get(steps.size() - 2);
        Step fifth = steps.get(steps.size() - 1);
        assertThat(fourth.stateAfter()).isEqualTo(LifecycleState.ACTIVE);
        assertThat(fourth.transition().strikes()).isEqualTo(4);
        assertThat(fifth.transition().trigger()).as("the count locked, not a LOCK of its own")
                .isEqualTo(LifecycleTrigger.FAIL);
        assertThat(fifth.stateAfter()).isEqualTo(LifecycleState.LOCKED);
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        History jane = new History("1234", "jane").onboarded("o-1");
        for (int i = 0; i < 4; i++) {
            jane.login(ChallengeOutcome.FAILED);
        }
        jane.login(ChallengeOutcome.SUCCEEDED);
        jane.login(ChallengeOutcome.FAILED);

        List<Step> steps = results(replay.replay(new UserKey("1234", "jane"), jane.events()));

        assertThat(steps.get(steps.size() - 1).transition().standing().strikes()).isEqualTo(1);
        assertThat(steps.get(steps.size() - 1).stateAfter()).isEqualTo(LifecycleState.ACTIVE);
    }

    @Test
    void aChallengeTheVendorCouldNotDeliverNeitherCountsNorResetsTheStrikes() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.FAILED);
        jane.login(ChallengeOutcome.NOT_DELIVERED);

        List<Step> steps = results(replay.replay(new UserKey("1234", "jane"), jane.events()));

        assertThat(steps.get(steps.size() - 1).transition()).as("no lifecycle trigger").isNull();
        assertThat(steps.get(steps.size() - 2).transition().standing().strikes()).isEqualTo(2);
        assertThat(steps.get(steps.size() - 1).stateAfter()).isEqualTo(LifecycleState.ACTIVE);
    }

    @Test
    void anOrderReadAgainOrPlacedBeforeTheUsersOwnMovesNothingAsChallengeServiceRefusesIt() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent again = jane.ordered("o-1");
        AuditEvent replayed = jane.orderedAt("o-0", Instant.parse("2000-01-01T00:00:00Z"));
        AuditEvent later = jane.ordered("o-2");

        List<Step> steps = replay.replay(new UserKey("1234", "jane"), jane.events()).steps();

        assertThat(step(steps, again).transition()).as("SAME_ORDER").isNull();
        assertThat(step(steps, again).stateAfter()).isEqualTo(LifecycleState.ACTIVE);
        assertThat(step(steps, replayed).transition()).as("STALE_ORDER").isNull();
        assertThat(step(steps, replayed).stateAfter()).isEqualTo(LifecycleState.ACTIVE);
        assertThat(step(steps, later).stateAfter()).as("a later order takes the active factor's place")
                .isEqualTo(LifecycleState.ORDERED);
    }

    @Test
    void aNoStrikeFailureOfAnActiveUserIsAStrikeUnlessWhatEndedTheActivityComesWithinTheClocksSkew() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent alone = jane.failedWithoutStrike();
        jane.ordered("o-1"); // the same order read again: refused, it ends nothing
        AuditEvent beforeItsOrder = jane.failedWithoutStrike();
        AuditEvent order = jane.ordered("o-2");
        AuditEvent afterItsOrder = jane.failedWithoutStrike();

        List<Step> steps = replay.replay(new UserKey("1234", "jane"), jane.events()).steps();

        assertThat(step(steps, alone).transition()).as("active, nothing ended it: a strike").isNotNull()
                .extracting(Transition::trigger).isEqualTo(LifecycleTrigger.FAIL);
        assertThat(step(steps, alone).transition().standing().strikes()).isEqualTo(1);
        assertThat(step(steps, beforeItsOrder).transition()).as("an accepted order stamped 2 s after it").isNull();
        assertThat(step(steps, beforeItsOrder).stateAfter()).isEqualTo(LifecycleState.ACTIVE);
        assertThat(step(steps, order).stateAfter()).isEqualTo(LifecycleState.ORDERED);
        assertThat(step(steps, afterItsOrder).transition()).as("no longer active").isNull();
    }

    private static Step step(List<Step> steps, AuditEvent event) {
        return steps.stream().filter(step -> step.event() == event).findFirst().orElseThrow();
    }

    private static List<Step> results(UserHistory history) {
        return history.steps().stream().filter(step -> step.event().is(ChallengeResult.class)).toList();
    }
}
