package io.extauth.challenge.factor;

import io.extauth.contract.ExtauthEvent;
import io.extauth.lifecycle.Transition;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a transition of a user's factor did: it moved (the next factor, the lifecycle step if the state changed, and the
 * events to publish with it) or it was refused for a reason. Built by {@link UserFactor}; saved and published by the
 * one adapter that does that.
 */
public sealed interface FactorTransition {

    /** The factor to save, the lifecycle move to record (null when only strikes or data changed), the events. */
    record Moved(UserFactor next, Transition.@Nullable Moved move, String cause, List<ExtauthEvent> events)
            implements FactorTransition {

        public Moved {
            events = List.copyOf(events);
        }
    }

    /** Nothing changed, and why. */
    record Refused(UserFactor factor, FactorRefusal.Reason reason, String detail) implements FactorTransition {

        public FactorRefusal exception() {
            return new FactorRefusal(reason, detail);
        }
    }
}
