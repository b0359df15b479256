package io.extauth.audit.rules;

import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Transition;
import io.extauth.lifecycle.UserLifecycle;
import java.util.EnumMap;
import java.util.Map;

/**
 * The lifecycle's answers for every state and trigger, asked once: the standard lifecycle builds a state machine per
 * call, which is far too slow for a million events, and its answers depend on nothing but state and trigger.
 */
final class TransitionTable {

    private final Map<LifecycleState, Map<LifecycleTrigger, Transition>> table = new EnumMap<>(LifecycleState.class);

    TransitionTable(UserLifecycle lifecycle) {
        for (LifecycleState state : LifecycleState.values()) {
            Map<LifecycleTrigger, Transition> row = new EnumMap<>(LifecycleTrigger.class);
            for (LifecycleTrigger trigger : LifecycleTrigger.values()) {
                row.put(trigger, lifecycle.fire(state, trigger));
            }
            table.put(state, row);
        }
    }

    Transition fire(LifecycleState state, LifecycleTrigger trigger) {
        return table.get(state).get(trigger);
    }
}
