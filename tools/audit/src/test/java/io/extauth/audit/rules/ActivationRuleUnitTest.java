package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.ids;
import static io.extauth.audit.rules.Audits.onlyViolation;
import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivationRuleUnitTest {

    @Test
    void activationAfterProvisioningIsClean() {
        assertThat(run(new History("1234", "jane").onboarded("o-1").events()).violations()).isEmpty();
    }

    @Test
    void activationOfAUserWhoWasOnlyOrderedIsAViolation() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        AuditEvent activated = jane.activated();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.ACTIVATION_WITHOUT_PROVISIONING);

        assertThat(violation.user()).isEqualTo(new UserKey("1234", "jane"));
        assertThat(ids(violation)).contains(activated.id());
        assertThat(violation.explanation()).startsWith("Activated while ORDERED");
    }

    @Test
    void activationAfterADeactivationWithoutNewProvisioningIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent deactivated = jane.deactivated();
        AuditEvent activated = jane.activated();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.ACTIVATION_WITHOUT_PROVISIONING);

        assertThat(ids(violation)).containsExactly(deactivated.id(), activated.id());
        assertThat(violation.explanation()).contains("DEACTIVATED").contains("deactivated by " + deactivated.id());
    }

    @Test
    void aSecondActivationOfOneProvisioningIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent second = jane.activated();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.ACTIVATION_WITHOUT_PROVISIONING);

        assertThat(ids(violation)).contains(second.id());
        assertThat(violation.explanation()).contains("already activated");
    }

    @Test
    void activationOfAUserNeverSeenBeforeIsAViolation() {
        History jane = new History("1234", "jane");
        AuditEvent activated = jane.activated();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.ACTIVATION_WITHOUT_PROVISIONING);

        assertThat(ids(violation)).containsExactly(activated.id());
        assertThat(violation.explanation()).contains("never ordered");
    }
}
