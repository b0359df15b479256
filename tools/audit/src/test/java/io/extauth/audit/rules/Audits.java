package io.extauth.audit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;

/** Runs the standard audit on hand-made histories; the lifecycle's table is built once per test JVM. */
final class Audits {

    static final Auditor AUDITOR = Auditor.standard();

    private Audits() {
    }

    static AuditResult run(List<AuditEvent> events) {
        return run(events, List.of());
    }

    static AuditResult run(List<AuditEvent> events, Collection<DeadLetter> deadLetters) {
        return AUDITOR.audit(events, deadLetters, History.AS_OF);
    }

    /** The audit of services that run with these strike settings ({@code --max-failures}, {@code --counter-reset-window}). */
    static AuditResult run(List<AuditEvent> events, StrikeSettings settings) {
        return Auditor.standard(settings).audit(events, List.of(), History.AS_OF);
    }

    /** The single violation found, asserted to be of this kind. */
    static Violation onlyViolation(AuditResult result, ViolationKind kind) {
        assertThat(result.violations()).extracting(Violation::kind).containsExactly(kind);
        return result.violations().get(0);
    }

    static List<String> ids(Violation violation) {
        return violation.events().stream().map(AuditEvent::id).toList();
    }
}
