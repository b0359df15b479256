package io.extauth.lifecycle;

import static io.extauth.lifecycle.LifecycleState.ACTIVE;
import static io.extauth.lifecycle.LifecycleState.DEACTIVATED;
import static io.extauth.lifecycle.LifecycleState.LOCKED;
import static io.extauth.lifecycle.LifecycleState.NONE;
import static io.extauth.lifecycle.LifecycleState.ORDERED;
import static io.extauth.lifecycle.LifecycleState.PROVISIONED;
import static io.extauth.lifecycle.LifecycleTrigger.ACTIVATE;
import static io.extauth.lifecycle.LifecycleTrigger.CANCEL;
import static io.extauth.lifecycle.LifecycleTrigger.DEACTIVATE;
import static io.extauth.lifecycle.LifecycleTrigger.FAIL;
import static io.extauth.lifecycle.LifecycleTrigger.LOCK;
import static io.extauth.lifecycle.LifecycleTrigger.ORDER;
import static io.extauth.lifecycle.LifecycleTrigger.PROVISION;
import static io.extauth.lifecycle.LifecycleTrigger.SUCCEED;
import static io.extauth.lifecycle.LifecycleTrigger.UNLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UserLifecycleUnitTest {

    private final UserLifecycle lifecycle = UserLifecycle.standard();

    @Test
    void anOrderedUserIsProvisionedActivatedLockedAndUnlocked() {
        LifecycleState state = NONE;
        for (LifecycleTrigger trigger : new LifecycleTrigger[] {ORDER, PROVISION, ACTIVATE, LOCK, UNLOCK}) {
            Transition transition = lifecycle.fire(state, trigger);
            assertThat(transition.accepted()).as("%s from %s", trigger, state).isTrue();
            state = transition.state();
        }
        assertThat(state).isEqualTo(ACTIVE);
    }

    @Test
    void activationBeforeProvisioningIsRefusedAndChangesNothing() {
        Transition transition = lifecycle.fire(ORDERED, ACTIVATE);

        assertThat(transition).isInstanceOf(Transition.Refused.class);
        assertThat(transition.state()).isEqualTo(ORDERED);
        assertThat(((Transition.Refused) transition).reason()).contains("ACTIVATE").contains("ORDERED");
    }

    @Test
    void onlyAnActiveUserCanBeLocked() {
        assertThat(lifecycle.fire(PROVISIONED, LOCK).accepted()).isFalse();
        assertThat(lifecycle.fire(LOCKED, LOCK).accepted()).isFalse();
        assertThat(lifecycle.fire(ACTIVE, LOCK).state()).isEqualTo(LOCKED);
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"ORDERED", "PROVISIONED", "ACTIVE", "LOCKED"})
    void anAdminCanDeactivateFromAnyLiveState(LifecycleState live) {
        assertThat(lifecycle.fire(live, DEACTIVATE).state()).isEqualTo(DEACTIVATED);
    }

    @Test
    void aDeactivatedUserStartsAgainWithANewOrderButCannotBeActivated() {
        assertThat(lifecycle.fire(DEACTIVATED, ACTIVATE).accepted()).isFalse();
        assertThat(lifecycle.fire(DEACTIVATED, ORDER).state()).isEqualTo(ORDERED);
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"ORDERED", "PROVISIONED", "ACTIVE", "LOCKED"})
    void aNewOrderWhileOneIsLiveTakesItsPlaceWithNoStrikes(LifecycleState live) {
        // order-service took it, so the earlier one ended there: a failure on a topic not read yet, or a cancel it
        // took before it read the Provisioned, which provisioning-service carried out at the vendor
        Standing struck = new Standing(live, 3);

        Transition transition = lifecycle.fire(struck, ORDER);

        assertThat(transition.state()).isEqualTo(ORDERED);
        assertThat(transition.standing().strikes()).isZero();
    }

    @Test
    void anOrderCancelledBeforeOrAfterItsProvisioningSendsTheUserBackToNone() {
        assertThat(lifecycle.fire(ORDERED, CANCEL).state()).isEqualTo(NONE);
        // order-service cancelled before it read the Provisioned; the vendor's user is removed too
        assertThat(lifecycle.fire(PROVISIONED, CANCEL).state()).isEqualTo(NONE);
        assertThat(lifecycle.fire(ACTIVE, CANCEL).accepted()).isFalse();
    }

    @Test
    void theFifthConsecutiveFailureLocksTheUserInsideTheMachine() {
        Standing user = new Standing(ACTIVE, 0);
        for (int failure = 1; failure <= 4; failure++) {
            Transition transition = lifecycle.fire(user, FAIL);
            assertThat(transition.state()).as("after failure %d", failure).isEqualTo(ACTIVE);
            assertThat(transition.strikes()).isEqualTo(failure);
            user = transition.standing();
        }

        Transition fifth = lifecycle.fire(user, FAIL);

        assertThat(fifth.accepted()).isTrue();
        assertThat(fifth.state()).isEqualTo(LOCKED);
        assertThat(fifth.strikes()).isEqualTo(5);
    }

    @Test
    void aSuccessForgetsTheStrikesAndAnUnlockStartsTheCountAgain() {
        assertThat(lifecycle.fire(new Standing(ACTIVE, 4), SUCCEED).standing()).isEqualTo(new Standing(ACTIVE, 0));
        assertThat(lifecycle.fire(new Standing(LOCKED, 5), UNLOCK).standing()).isEqualTo(new Standing(ACTIVE, 0));
    }

    @Test
    void aFailureCountsNoStrikeUnlessTheUserIsActive() {
        assertThat(lifecycle.fire(new Standing(LOCKED, 5), FAIL).accepted()).isFalse();
        assertThat(lifecycle.fire(new Standing(PROVISIONED, 0), FAIL).accepted()).isFalse();
        assertThat(lifecycle.fire(new Standing(LOCKED, 5), FAIL).strikes()).isEqualTo(5);
    }

    @Test
    void theThresholdIsConfiguration() {
        UserLifecycle threeStrikes = UserLifecycle.withStrikeLimit(3);

        assertThat(threeStrikes.fire(new Standing(ACTIVE, 1), FAIL).state()).isEqualTo(ACTIVE);
        assertThat(threeStrikes.fire(new Standing(ACTIVE, 2), FAIL).state()).isEqualTo(LOCKED);
        assertThat(threeStrikes.maxFailures()).isEqualTo(3);
        assertThatThrownBy(() -> UserLifecycle.withStrikeLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moreStrikesThanTheThresholdStillLockAtTheNextFailure() {
        assertThat(lifecycle.fire(new Standing(ACTIVE, 9), FAIL).standing()).isEqualTo(new Standing(LOCKED, 5));
    }

    @Test
    void everyAnswerIsTheMachinesOwnAskedAfreshIncludingThoseTheTableDidNotAskFor() {
        int asked = 0;
        for (int threshold = 1; threshold <= 6; threshold++) {
            UserLifecycle table = new StatemachineUserLifecycle(threshold);
            var machine = StatemachineUserLifecycle.build(threshold);
            for (LifecycleState state : LifecycleState.values()) {
                for (LifecycleTrigger trigger : LifecycleTrigger.values()) {
                    for (int strikes = 0; strikes <= threshold; strikes++) {
                        Transition expected = StatemachineUserLifecycle.ask(machine, state, strikes, trigger);
                        assertThat(table.fire(new Standing(state, strikes), trigger))
                                .as("%s, %s at %d strikes of %d", state, trigger, strikes, threshold)
                                .isEqualTo(expected);
                        asked++;
                    }
                }
            }
        }
        assertThat(asked).isEqualTo(LifecycleState.values().length * LifecycleTrigger.values().length * (2 + 3 + 4 + 5
                + 6 + 7));
    }

    @Test
    void firingCostsMicrosecondsBecauseTheMachineIsBuiltOnce() {
        UserLifecycle warm = UserLifecycle.standard();
        int fires = 200_000;
        long started = System.nanoTime();
        for (int i = 0; i < fires; i++) {
            warm.fire(new Standing(ACTIVE, i % 5), FAIL);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // a machine built per call took about a millisecond each; a lookup takes well under a microsecond
        assertThat(took).as("%d fires", fires).isLessThan(Duration.ofSeconds(2));
    }
}
