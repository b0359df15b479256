package io.extauth.lifecycle;

import static io.extauth.lifecycle.LifecycleState.ACTIVE;
import static io.extauth.lifecycle.LifecycleState.DEACTIVATED;
import static io.extauth.lifecycle.LifecycleState.LOCKED;
import static io.extauth.lifecycle.LifecycleState.NONE;
import static io.extauth.lifecycle.LifecycleState.ORDERED;
import static io.extauth.lifecycle.LifecycleState.PROVISIONED;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.ExtendedState;
import org.springframework.statemachine.StateContext;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import org.springframework.statemachine.support.DefaultExtendedState;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import reactor.core.publisher.Mono;

/**
 * The lifecycle as a Spring Statemachine: the only class that knows the engine, so replacing it touches this file
 * alone. The strike count is the machine's extended state and the threshold a guard, so the failure that reaches it
 * moves ACTIVE to LOCKED inside the machine.
 * <p>
 * The machine is built once, and once it is asked every question there is: each state, trigger and strike count from
 * none to the threshold (a higher count locks like the threshold). Its answers depend on nothing else, so
 * {@link #fire} is a table lookup: microseconds, no lock, safe between threads; the machine itself is never shared.
 * A state and trigger that no transition of the model joins are refused at every count without asking: the machine
 * accepts an event only by a transition from its state on that event (it defers none). Most pairs are such; asking
 * them at every count (a machine reset, started, sent the event and stopped each time, through Reactor) was some 15%
 * of a JVM's first table (~0.15 s of CPU at every start of a service and of the audit; the rest is loading and
 * starting the engine).
 */
final class StatemachineUserLifecycle implements UserLifecycle {

    static final StatemachineUserLifecycle STANDARD = new StatemachineUserLifecycle(DEFAULT_MAX_FAILURES);

    private static final Map<Integer, UserLifecycle> BY_THRESHOLD = new ConcurrentHashMap<>(
            Map.of(DEFAULT_MAX_FAILURES, STANDARD));

    private static final String STRIKES = "strikes";

    private final int maxFailures;
    /** [state][trigger][strikes 0..maxFailures]: the machine's answer. */
    private final Transition[][][] answers;

    StatemachineUserLifecycle(int maxFailures) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        this.maxFailures = maxFailures;
        StateMachine<LifecycleState, LifecycleTrigger> machine = build(maxFailures);
        boolean[][] joined = joined(machine);
        LifecycleState[] states = LifecycleState.values();
        LifecycleTrigger[] triggers = LifecycleTrigger.values();
        this.answers = new Transition[states.length][triggers.length][maxFailures + 1];
        for (LifecycleState state : states) {
            for (LifecycleTrigger trigger : triggers) {
                boolean askable = joined[state.ordinal()][trigger.ordinal()];
                for (int strikes = 0; strikes <= maxFailures; strikes++) {
                    answers[state.ordinal()][trigger.ordinal()][strikes] = askable
                            ? ask(machine, state, strikes, trigger)
                            : new Transition.Refused(state, trigger, strikes);
                }
            }
        }
    }

    /** [state][trigger]: whether a transition of the model leads from that state on that trigger (internal too). */
    private static boolean[][] joined(StateMachine<LifecycleState, LifecycleTrigger> machine) {
        boolean[][] joined = new boolean[LifecycleState.values().length][LifecycleTrigger.values().length];
        for (var transition : machine.getTransitions()) {
            if (transition.getTrigger() == null || transition.getTrigger().getEvent() == null) {
                throw new IllegalStateException("The lifecycle model has a transition without an event: "
                        + transition);
            }
            joined[transition.getSource().getId().ordinal()][transition.getTrigger().getEvent().ordinal()] = true;
        }
        return joined;
    }

    static UserLifecycle withStrikeLimit(int maxFailures) {
        return BY_THRESHOLD.computeIfAbsent(maxFailures, StatemachineUserLifecycle::new);
    }

    @Override
    public Transition fire(Standing current, LifecycleTrigger trigger) {
        Transition answer = answers[current.state().ordinal()][trigger.ordinal()][Math.min(current.strikes(),
                maxFailures)];
        return answer.accepted() ? answer : new Transition.Refused(current.state(), trigger, current.strikes());
    }

    @Override
    public int maxFailures() {
        return maxFailures;
    }

    /** The machine's own answer, asked: set to the state and count, started, sent the trigger, stopped. */
    static Transition ask(StateMachine<LifecycleState, LifecycleTrigger> machine, LifecycleState current,
            int strikes, LifecycleTrigger trigger) {
        ExtendedState extended = new DefaultExtendedState();
        extended.getVariables().put(STRIKES, strikes);
        machine.getStateMachineAccessor().doWithAllRegions(access -> access
                .resetStateMachineReactively(new DefaultStateMachineContext<>(current, null, null, extended)).block());
        machine.startReactively().block();
        try {
            List<StateMachineEventResult<LifecycleState, LifecycleTrigger>> results = machine
                    .sendEvent(Mono.just(MessageBuilder.withPayload(trigger).build())).collectList().block();
            boolean accepted = results != null && results.stream()
                    .anyMatch(r -> r.getResultType() == StateMachineEventResult.ResultType.ACCEPTED);
            return accepted ? new Transition.Moved(current, trigger, machine.getState().getId(),
                    strikes(machine.getExtendedState())) : new Transition.Refused(current, trigger, strikes);
        } finally {
            machine.stopReactively().block();
        }
    }

    static StateMachine<LifecycleState, LifecycleTrigger> build(int maxFailures) {
        try {
            StateMachineBuilder.Builder<LifecycleState, LifecycleTrigger> builder = StateMachineBuilder.builder();
            builder.configureConfiguration().withConfiguration().autoStartup(false);
            StateConfigurer<LifecycleState, LifecycleTrigger> states = builder.configureStates().withStates();
            states.initial(NONE).states(EnumSet.allOf(LifecycleState.class));
            var transitions = builder.configureTransitions();
            transitions
                    .withExternal().source(NONE).target(ORDERED).event(LifecycleTrigger.ORDER)
                    .action(c -> setStrikes(c, 0)).and()
                    .withExternal().source(DEACTIVATED).target(ORDERED).event(LifecycleTrigger.ORDER)
                    .action(c -> setStrikes(c, 0)).and()
                    .withExternal().source(ORDERED).target(PROVISIONED).event(LifecycleTrigger.PROVISION).and()
                    .withExternal().source(ORDERED).target(NONE).event(LifecycleTrigger.PROVISIONING_FAIL).and()
                    .withExternal().source(ORDERED).target(NONE).event(LifecycleTrigger.CANCEL).and()
                    // a cancel order-service took before it read the Provisioned: the vendor's user is removed too
                    .withExternal().source(PROVISIONED).target(NONE).event(LifecycleTrigger.CANCEL).and()
                    .withExternal().source(PROVISIONED).target(ACTIVE).event(LifecycleTrigger.ACTIVATE)
                    .action(c -> setStrikes(c, 0)).and()
                    // the strike rule: the failure that reaches the threshold locks, any other one counts
                    .withExternal().source(ACTIVE).target(LOCKED).event(LifecycleTrigger.FAIL)
                    .guard(c -> strikes(c.getExtendedState()) + 1 >= maxFailures)
                    .action(c -> setStrikes(c, maxFailures)).and()
                    .withInternal().source(ACTIVE).event(LifecycleTrigger.FAIL)
                    .guard(c -> strikes(c.getExtendedState()) + 1 < maxFailures)
                    .action(c -> setStrikes(c, strikes(c.getExtendedState()) + 1)).and()
                    .withInternal().source(ACTIVE).event(LifecycleTrigger.SUCCEED)
                    .action(c -> setStrikes(c, 0)).and()
                    // a fraud report: the challenge fails as a strike and the user is locked at once
                    .withExternal().source(ACTIVE).target(LOCKED).event(LifecycleTrigger.LOCK)
                    .action(c -> setStrikes(c, Math.min(strikes(c.getExtendedState()) + 1, maxFailures))).and()
                    .withExternal().source(LOCKED).target(ACTIVE).event(LifecycleTrigger.UNLOCK)
                    .action(c -> setStrikes(c, 0));
            for (LifecycleState live : List.of(ORDERED, PROVISIONED, ACTIVE, LOCKED)) {
                transitions.withExternal().source(live).target(DEACTIVATED).event(LifecycleTrigger.DEACTIVATE)
                        .action(c -> setStrikes(c, 0));
                // a new order while one is live here: order-service takes an order only when the user has no live
                // order, so the earlier one ended there. ORDERED: its ProvisioningFailed, on another topic, not read
                // yet. PROVISIONED, ACTIVE, LOCKED: order-service cancelled it before it read the Provisioned (and the
                // Activated), provisioning-service removed it at the vendor, and the cancel was refused here. Refused
                // too, the new order left the user on a factor the vendor no longer has, and order-service on a live
                // order nobody could end (deactivation answered "nothing to deactivate")
                transitions.withExternal().source(live).target(ORDERED).event(LifecycleTrigger.ORDER)
                        .action(c -> setStrikes(c, 0));
            }
            return builder.build();
        } catch (Exception e) {
            throw new IllegalStateException("The lifecycle state machine cannot be built", e);
        }
    }

    private static int strikes(ExtendedState extended) {
        Integer strikes = extended.get(STRIKES, Integer.class);
        return strikes == null ? 0 : strikes;
    }

    private static void setStrikes(StateContext<LifecycleState, LifecycleTrigger> context, int strikes) {
        context.getExtendedState().getVariables().put(STRIKES, strikes);
    }
}
