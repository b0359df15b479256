package io.extauth.audit.rules;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.contract.events.Unlocked;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Transition;
import io.extauth.lifecycle.UserLifecycle;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Replays a user's ordered events through the lifecycle the services use; a refused trigger leaves the state as is.
 * {@code OrderCancelled} fires CANCEL only while the user is ORDERED; {@code FactorSettingsChanged},
 * {@code FraudReported} (its lock is the {@code LOCKED_OUT} result before it) and the other events fire nothing.
 */
public final class LifecycleReplay {

    private final TransitionTable table;

    public LifecycleReplay(UserLifecycle lifecycle) {
        this.table = new TransitionTable(lifecycle);
    }

    public UserHistory replay(UserKey user, List<AuditEvent> ordered) {
        List<Step> steps = new ArrayList<>(ordered.size());
        LifecycleState state = LifecycleState.NONE;
        for (AuditEvent event : ordered) {
            LifecycleTrigger trigger = triggerOf(event);
            if (trigger == LifecycleTrigger.CANCEL && state != LifecycleState.ORDERED) {
                // a cancel only ends an order that is still waiting for its provisioning; later (or with no order)
                // it changes nothing the lifecycle knows, and is not a violation by itself
                trigger = null;
            }
            Transition transition = trigger == null ? null : table.fire(state, trigger);
            if (transition != null) {
                state = transition.state();
            }
            steps.add(new Step(event, transition, state));
        }
        return new UserHistory(user, steps);
    }

    static @Nullable LifecycleTrigger triggerOf(AuditEvent event) {
        Object data = event.data();
        if (data instanceof AuthOrdered) {
            return LifecycleTrigger.ORDER;
        }
        if (data instanceof OrderCancelled) {
            return LifecycleTrigger.CANCEL;
        }
        if (data instanceof Provisioned) {
            return LifecycleTrigger.PROVISION;
        }
        if (data instanceof ProvisioningFailed) {
            return LifecycleTrigger.PROVISIONING_FAIL;
        }
        if (data instanceof Activated) {
            return LifecycleTrigger.ACTIVATE;
        }
        if (data instanceof ChallengeResult result && result.outcome() == ChallengeOutcome.LOCKED_OUT) {
            return LifecycleTrigger.LOCK;
        }
        if (data instanceof Unlocked) {
            return LifecycleTrigger.UNLOCK;
        }
        if (data instanceof Deactivated) {
            return LifecycleTrigger.DEACTIVATE;
        }
        return null;
    }
}
