package io.extauth.audit.rules;

import io.extauth.contract.events.Activated;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Transition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every {@code Activated} follows a {@code Provisioned} of the user's current order with no deactivation between: the
 * lifecycle accepts ACTIVATE only from PROVISIONED, so a refused ACTIVATE is the violation. A second activation of
 * one provisioning is refused the same way (the user is already ACTIVE).
 */
public final class ActivationRule implements Rule {

    @Override
    public List<Violation> check(UserHistory history, AuditContext context) {
        List<Violation> violations = new ArrayList<>();
        Step lastMove = null;
        for (Step step : history.steps()) {
            Transition transition = step.transition();
            if (transition == null) {
                continue;
            }
            if (step.event().is(Activated.class) && !transition.accepted()) {
                List<AuditEvent> events = new ArrayList<>();
                if (lastMove != null) {
                    events.add(lastMove.event());
                }
                events.add(step.event());
                violations.add(new Violation(ViolationKind.ACTIVATION_WITHOUT_PROVISIONING, history.user(), events,
                        "Activated while " + transition.from() + because(lastMove)));
            }
            if (transition.accepted() && transition.from() != transition.state()) {
                lastMove = step; // a strike below the threshold or a success moves nothing
            }
        }
        return violations;
    }

    private static String because(@Nullable Step lastMove) {
        if (lastMove == null) {
            return ": the user was never ordered nor provisioned";
        }
        LifecycleTrigger trigger = lastMove.transition().trigger();
        return switch (trigger) {
            case ACTIVATE, FAIL, LOCK, UNLOCK -> ": the user was already activated by " + lastMove.event().id()
                    + " with no new provisioning since";
            case CANCEL -> ": the order was cancelled by " + lastMove.event().id() + " with no new order since";
            case DEACTIVATE -> ": deactivated by " + lastMove.event().id() + " with no new order and provisioning since";
            default -> ": no Provisioned since " + lastMove.event().type() + " " + lastMove.event().id();
        };
    }
}
