package io.extauth.lifecycle;

import static io.extauth.lifecycle.LifecycleState.ACTIVE;
import static io.extauth.lifecycle.LifecycleState.DEACTIVATED;
import static io.extauth.lifecycle.LifecycleState.LOCKED;
import static io.extauth.lifecycle.LifecycleState.NONE;
import static io.extauth.lifecycle.LifecycleState.ORDERED;
import static io.extauth.lifecycle.LifecycleState.PROVISIONED;
import static io.extauth.lifecycle.LifecycleTrigger.ACTIVATE;
import static io.extauth.lifecycle.LifecycleTrigger.DEACTIVATE;
import static io.extauth.lifecycle.LifecycleTrigger.LOCK;
import static io.extauth.lifecycle.LifecycleTrigger.ORDER;
import static io.extauth.lifecycle.LifecycleTrigger.PROVISION;
import static io.extauth.lifecycle.LifecycleTrigger.UNLOCK;
import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void aSecondOrderForALiveUserIsRefused() {
        assertThat(lifecycle.fire(ACTIVE, ORDER).accepted()).isFalse();
        assertThat(lifecycle.fire(ORDERED, ORDER).accepted()).isFalse();
    }
}
