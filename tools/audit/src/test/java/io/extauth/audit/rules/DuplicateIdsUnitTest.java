package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.ids;
import static io.extauth.audit.rules.Audits.onlyViolation;
import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Activated;
import org.junit.jupiter.api.Test;

class DuplicateIdsUnitTest {

    @Test
    void theSameEventDeliveredTwiceIsOneEffectNotAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.redeliver(jane.events().get(4));
        jane.redeliver(jane.events().get(3));

        AuditResult result = run(jane.events());

        assertThat(result.violations()).isEmpty();
        assertThat(result.redelivered()).isEqualTo(2);
        assertThat(result.events()).isEqualTo(6);
    }

    @Test
    void oneIdCarryingTwoDifferentActivationsIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent first = jane.events().get(4);
        AuditEvent second = jane.add(first.id(), new Activated("1234", "jane", AuthType.PHONEFACTOR,
                PhoneFactorMethod.APP_STANDARD, jane.now(), "jane"));

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.DUPLICATE_EVENT_ID);

        assertThat(violation.events()).containsExactly(first, second);
        assertThat(violation.explanation()).contains(first.id()).contains("two effects");
    }

    @Test
    void oneIdCarryingTwoDifferentEmailsIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent mail = jane.events().get(5);
        jane.add(mail.id(), new io.extauth.contract.events.EmailSent("1234", "jane", "o-1", "activated",
                "j***@example.com", "<other@extauth>", jane.now()));

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.DUPLICATE_EVENT_ID);

        assertThat(ids(violation)).containsOnly(mail.id()).hasSize(2);
    }
}
