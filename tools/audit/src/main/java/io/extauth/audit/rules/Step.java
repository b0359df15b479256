package io.extauth.audit.rules;

import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.Transition;
import org.jspecify.annotations.Nullable;

/** One event of a user's replayed history, with what it did to the lifecycle (nothing for most events). */
public record Step(AuditEvent event, @Nullable Transition transition, LifecycleState stateAfter) {
}
