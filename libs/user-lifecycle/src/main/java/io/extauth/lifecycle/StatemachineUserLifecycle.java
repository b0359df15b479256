package io.extauth.lifecycle;

import static io.extauth.lifecycle.LifecycleState.ACTIVE;
import static io.extauth.lifecycle.LifecycleState.DEACTIVATED;
import static io.extauth.lifecycle.LifecycleState.LOCKED;
import static io.extauth.lifecycle.LifecycleState.NONE;
import static io.extauth.lifecycle.LifecycleState.ORDERED;
import static io.extauth.lifecycle.LifecycleState.PROVISIONED;

import java.util.EnumSet;
import java.util.List;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import reactor.core.publisher.Mono;

/**
 * The lifecycle as a Spring Statemachine: the only class that knows the engine, so replacing it touches this file
 * alone. A machine is built per call and reset to the persisted state, which keeps the lifecycle stateless and safe
 * to share between threads; the state itself is persisted by its owner (challenge-service).
 */
final class StatemachineUserLifecycle implements UserLifecycle {

    static final StatemachineUserLifecycle INSTANCE = new StatemachineUserLifecycle();

    private StatemachineUserLifecycle() {
    }

    @Override
    public Transition fire(LifecycleState current, LifecycleTrigger trigger) {
        StateMachine<LifecycleState, LifecycleTrigger> machine = build();
        machine.getStateMachineAccessor().doWithAllRegions(access -> access
                .resetStateMachineReactively(new DefaultStateMachineContext<>(current, null, null, null)).block());
        machine.startReactively().block();
        try {
            List<StateMachineEventResult<LifecycleState, LifecycleTrigger>> results = machine
                    .sendEvent(Mono.just(MessageBuilder.withPayload(trigger).build())).collectList().block();
            boolean accepted = results != null && results.stream()
                    .anyMatch(r -> r.getResultType() == StateMachineEventResult.ResultType.ACCEPTED);
            return accepted ? new Transition.Moved(current, trigger, machine.getState().getId())
                    : new Transition.Refused(current, trigger);
        } finally {
            machine.stopReactively().block();
        }
    }

    private static StateMachine<LifecycleState, LifecycleTrigger> build() {
        try {
            StateMachineBuilder.Builder<LifecycleState, LifecycleTrigger> builder = StateMachineBuilder.builder();
            builder.configureConfiguration().withConfiguration().autoStartup(false);
            StateConfigurer<LifecycleState, LifecycleTrigger> states = builder.configureStates().withStates();
            states.initial(NONE).states(EnumSet.allOf(LifecycleState.class));
            var transitions = builder.configureTransitions();
            transitions
                    .withExternal().source(NONE).target(ORDERED).event(LifecycleTrigger.ORDER).and()
                    .withExternal().source(DEACTIVATED).target(ORDERED).event(LifecycleTrigger.ORDER).and()
                    .withExternal().source(ORDERED).target(PROVISIONED).event(LifecycleTrigger.PROVISION).and()
                    .withExternal().source(ORDERED).target(NONE).event(LifecycleTrigger.PROVISIONING_FAIL).and()
                    .withExternal().source(ORDERED).target(NONE).event(LifecycleTrigger.CANCEL).and()
                    .withExternal().source(PROVISIONED).target(ACTIVE).event(LifecycleTrigger.ACTIVATE).and()
                    .withExternal().source(ACTIVE).target(LOCKED).event(LifecycleTrigger.LOCK).and()
                    .withExternal().source(LOCKED).target(ACTIVE).event(LifecycleTrigger.UNLOCK);
            for (LifecycleState live : List.of(ORDERED, PROVISIONED, ACTIVE, LOCKED)) {
                transitions.withExternal().source(live).target(DEACTIVATED).event(LifecycleTrigger.DEACTIVATE);
            }
            return builder.build();
        } catch (Exception e) {
            throw new IllegalStateException("The lifecycle state machine cannot be built", e);
        }
    }
}
