package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.ids;
import static io.extauth.audit.rules.Audits.onlyViolation;
import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProvisioningEmailRuleUnitTest {

    @Test
    void aProvisioningWithItsOneEmailIsClean() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        jane.provisioned("o-1");
        jane.email("o-1", "provisioned-symantec-vip");

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void aProvisioningWithoutEmailIsAViolationEvenWhenTheActivationMailWasSent() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        AuditEvent provisioned = jane.provisioned("o-1");
        jane.activated();
        jane.email("o-1", "activated");

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.PROVISIONING_EMAIL_MISSING);

        assertThat(ids(violation)).containsExactly(provisioned.id());
        assertThat(violation.explanation()).contains("o-1");
    }

    @Test
    void settingsChangedMailsOfTheSameOrderAreNotProvisioningMails() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.settingsChanged(io.extauth.contract.PhoneFactorMethod.PHONE_CALL_STANDARD);
        jane.email("o-1", "factor-settings-changed");
        jane.settingsChanged(io.extauth.contract.PhoneFactorMethod.SMS_ONE_TIME);
        jane.email("o-1", "factor-settings-changed");

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void twoProvisioningEmailsForOneProvisioningAreAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent first = jane.events().get(3);
        AuditEvent second = jane.email("o-1", "provisioned-phonefactor");

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.PROVISIONING_EMAIL_DUPLICATED);

        assertThat(ids(violation)).contains(first.id(), second.id());
        assertThat(violation.explanation()).contains("2 provisioning e-mails");
    }

    @Test
    void anEmailOfAnotherOrderDoesNotCount() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        jane.provisioned("o-1");
        jane.email("o-0", "provisioned-phonefactor");

        onlyViolation(run(jane.events()), ViolationKind.PROVISIONING_EMAIL_MISSING);
    }
}
