package io.extauth.lifecycle;

/** The outcome of firing a trigger: the user moved, or the trigger is not allowed from where the user stands. */
public sealed interface Transition {

    LifecycleState from();

    LifecycleTrigger trigger();

    /** The state after the transition: the new one, or the unchanged one when refused. */
    LifecycleState state();

    /** The consecutive failures after the transition: counted, reset, or unchanged when refused. */
    int strikes();

    boolean accepted();

    default Standing standing() {
        return new Standing(state(), strikes());
    }

    /** The trigger was allowed; the user is now in {@code to} with {@code strikes} (the state may be unchanged). */
    record Moved(LifecycleState from, LifecycleTrigger trigger, LifecycleState to, int strikes) implements Transition {

        @Override
        public LifecycleState state() {
            return to;
        }

        @Override
        public boolean accepted() {
            return true;
        }

        /** The state changed (a strike below the threshold or a success keeps it). */
        public boolean stateChanged() {
            return from != to;
        }
    }

    /** The trigger is not allowed from {@code from}; nothing changed. */
    record Refused(LifecycleState from, LifecycleTrigger trigger, int strikes) implements Transition {

        @Override
        public LifecycleState state() {
            return from;
        }

        @Override
        public boolean accepted() {
            return false;
        }

        public String reason() {
            return trigger + " is not allowed while " + from;
        }
    }
}
