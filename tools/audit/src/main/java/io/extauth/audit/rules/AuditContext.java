package io.extauth.audit.rules;

import java.time.Instant;

/**
 * What rules know besides a user's history: the dead letters, and when the history was taken ({@code asOf}), so that
 * a challenge that has not yet expired counts as pending rather than undecided.
 */
public record AuditContext(DeadLetters deadLetters, Instant asOf) {
}
