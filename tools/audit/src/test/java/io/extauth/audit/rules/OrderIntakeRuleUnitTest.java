package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.ids;
import static io.extauth.audit.rules.Audits.onlyViolation;
import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderIntakeRuleUnitTest {

    @Test
    void anOrderAcceptedOrRejectedOnceIsCleanAndAResentOrderIsStillAnsweredOnce() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        jane.orderPlaced("o-1");
        jane.orderPlaced("o-2");
        jane.rejected("o-2");

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void anOrderWithoutAnswerIsAViolation() {
        History jane = new History("1234", "jane");
        AuditEvent placed = jane.orderPlaced("o-1");

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.ORDER_UNANSWERED);

        assertThat(ids(violation)).containsExactly(placed.id());
        assertThat(violation.explanation()).contains("o-1");
    }

    @Test
    void aDeadLetteredOrderIsAnswered() {
        History jane = new History("1234", "jane");
        AuditEvent byId = jane.orderPlaced("o-1");
        AuditEvent byPosition = jane.orderPlaced("o-2");
        jane.orderPlaced("o-3");
        String dlt = Topics.deadLetterOf(Topics.BILLING_ORDERS);
        List<DeadLetter> deadLetters = List.of(
                new DeadLetter(new Position(dlt, 0, 0), Topics.BILLING_ORDERS, byId.id(), "jane", null, null, "bad"),
                new DeadLetter(new Position(dlt, 0, 1), Topics.BILLING_ORDERS, null, null, null,
                        byPosition.position(), "bad"),
                new DeadLetter(new Position(dlt, 0, 2), Topics.BILLING_ORDERS, null, "jane", "o-3", null, "bad"));

        assertThat(run(jane.events(), deadLetters).violations()).isEmpty();
    }

    @Test
    void anOrderBothAcceptedAndRejectedIsAViolation() {
        History jane = new History("1234", "jane");
        AuditEvent placed = jane.orderPlaced("o-1");
        AuditEvent ordered = jane.ordered("o-1");
        AuditEvent rejected = jane.rejected("o-1");

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.ORDER_ANSWERED_TWICE);

        assertThat(ids(violation)).containsExactly(placed.id(), ordered.id(), rejected.id());
        assertThat(violation.explanation()).contains("[AuthOrdered, OrderRejected]");
    }
}
