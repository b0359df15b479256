package io.extauth.audit.rules;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** A user's events in the order they happened ({@link ReplayOrder}), replayed through the lifecycle. */
public record UserHistory(UserKey user, List<Step> steps) {

    public UserHistory {
        steps = List.copyOf(steps);
    }

    /**
     * The steps' events, in their order: a view of the steps, not a copy. Each rule asks for them, five times per
     * user; a list built each time was a fifth of the checks' CPU (issue 14, forty-seventh pass).
     */
    public List<AuditEvent> events() {
        return new Events(steps);
    }

    /** Unmodifiable, as the steps are. */
    private static final class Events extends AbstractList<AuditEvent> implements RandomAccess {

        private final List<Step> steps;

        Events(List<Step> steps) {
            this.steps = steps;
        }

        @Override
        public AuditEvent get(int index) {
            return steps.get(index).event();
        }

        @Override
        public int size() {
            return steps.size();
        }
    }
}
