package io.extauth.challenge.factor.adapter;

import static io.extauth.lifecycle.LifecycleState.ACTIVE;
import static io.extauth.lifecycle.LifecycleState.LOCKED;
import static io.extauth.lifecycle.LifecycleState.NONE;
import static io.extauth.lifecycle.LifecycleState.ORDERED;
import static io.extauth.lifecycle.LifecycleState.PROVISIONED;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Transition;
import org.junit.jupiter.api.Test;

/** Which factor moves are logged at DEBUG (every order's and login's) and which stay at INFO (a person's, a lock's). */
class RoutineMovesUnitTest {

    @Test
    void theMovesOfEveryOrderAndEveryLoginAreRoutine() {
        assertThat(FactorTransitions.routine(new Transition.Moved(NONE, LifecycleTrigger.ORDER, ORDERED, 0))).isTrue();
        assertThat(FactorTransitions.routine(new Transition.Moved(ORDERED, LifecycleTrigger.PROVISION, PROVISIONED,
                0))).isTrue();
        assertThat(FactorTransitions.routine(new Transition.Moved(ACTIVE, LifecycleTrigger.SUCCEED, ACTIVE, 0)))
                .isTrue();
        assertThat(FactorTransitions.routine(new Transition.Moved(ACTIVE, LifecycleTrigger.FAIL, ACTIVE, 2)))
                .isTrue();
    }

    @Test
    void aLockAnActivationAndWhatAnAdminDoesStayAtInfo() {
        assertThat(FactorTransitions.routine(new Transition.Moved(ACTIVE, LifecycleTrigger.FAIL, LOCKED, 5)))
                .as("the strike that locks").isFalse();
        assertThat(FactorTransitions.routine(new Transition.Moved(ACTIVE, LifecycleTrigger.LOCK, LOCKED, 0)))
                .isFalse();
        assertThat(FactorTransitions.routine(new Transition.Moved(PROVISIONED, LifecycleTrigger.ACTIVATE, ACTIVE, 0)))
                .isFalse();
        for (LifecycleTrigger trigger : new LifecycleTrigger[] {LifecycleTrigger.UNLOCK, LifecycleTrigger.DEACTIVATE,
                LifecycleTrigger.CANCEL, LifecycleTrigger.PROVISIONING_FAIL}) {
            assertThat(FactorTransitions.routine(new Transition.Moved(ACTIVE, trigger, NONE, 0))).as("%s", trigger)
                    .isFalse();
        }
    }
}
