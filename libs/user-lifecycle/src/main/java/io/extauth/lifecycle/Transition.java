package io.extauth.lifecycle;

/** The outcome of firing a trigger: the user moved, or the trigger is not allowed from where the user stands. */
public sealed interface Transition {

    LifecycleState from();

    LifecycleTrigger trigger();

    /** The state after the transition: the new one, or the unchanged one when refused. */
    LifecycleState state();

    boolean accepted();

    /** The trigger was allowed; the user is now in {@code to}. */
    record Moved(LifecycleState from, LifecycleTrigger trigger, LifecycleState to) implements Transition {

        @Override
        public LifecycleState state() {
            return to;
        }

        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** The trigger is not allowed from {@code from}; nothing changed. */
    record Refused(LifecycleState from, LifecycleTrigger trigger) implements Transition {

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
