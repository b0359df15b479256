package io.extauth.simulator.provisioning;

/** What binding a VIP credential to a user did. */
sealed interface BindOutcome {

    record Bound(Registration registration) implements BindOutcome {
    }

    record BoundElsewhere() implements BindOutcome {
    }
}
