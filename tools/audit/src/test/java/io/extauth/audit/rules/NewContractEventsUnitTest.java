package io.extauth.audit.rules;

import static io.extauth.audit.rules.Audits.ids;
import static io.extauth.audit.rules.Audits.onlyViolation;
import static io.extauth.audit.rules.Audits.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Unlocked;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** OrderCancelled, FactorSettingsChanged and FraudReported: what each does to the lifecycle and to the rules. */
class NewContractEventsUnitTest {

    private static final LifecycleReplay REPLAY = new LifecycleReplay(UserLifecycle.standard());

    @Test
    void aCancelEndsAnOrderWaitingForProvisioningAndANewOrderStartsAgain() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        AuditEvent cancel = jane.cancelled("o-1");
        jane.orderPlaced("o-2");
        jane.ordered("o-2");
        jane.provisioned("o-2");
        jane.email("o-2", "provisioned-phonefactor");
        jane.activated();

        UserHistory history = REPLAY.replay(new UserKey("1234", "jane"), jane.events());

        Step cancelled = history.steps().stream().filter(step -> step.event() == cancel).findFirst().orElseThrow();
        assertThat(cancelled.transition().trigger()).isEqualTo(LifecycleTrigger.CANCEL);
        assertThat(cancelled.transition().accepted()).isTrue();
        assertThat(cancelled.stateAfter()).isEqualTo(LifecycleState.NONE);
        assertThat(history.steps().get(history.steps().size() - 1).stateAfter()).isEqualTo(LifecycleState.ACTIVE);
        assertThat(run(jane.events()).violations()).as("an order answered by AuthOrdered and later cancelled")
                .isEmpty();
    }

    @Test
    void anActivationAfterTheOrderWasCancelledIsAViolationNamingTheCancel() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        AuditEvent cancel = jane.cancelled("o-1");
        AuditEvent activated = jane.activated();

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.ACTIVATION_WITHOUT_PROVISIONING);

        assertThat(ids(violation)).containsExactly(cancel.id(), activated.id());
        assertThat(violation.explanation()).contains("Activated while NONE", "cancelled by " + cancel.id());
    }

    @Test
    void aCancelOfAnOrderAlreadyProvisionedEndsItAsChallengeServiceDoesAndAnActivationAfterItIsAViolation() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        jane.provisioned("o-1");
        jane.email("o-1", "provisioned-phonefactor");
        AuditEvent cancel = jane.cancelled("o-1");

        UserHistory history = REPLAY.replay(new UserKey("1234", "jane"), jane.events());

        Step cancelled = history.steps().stream().filter(step -> step.event() == cancel).findFirst().orElseThrow();
        assertThat(cancelled.transition().accepted()).isTrue();
        assertThat(cancelled.stateAfter()).isEqualTo(LifecycleState.NONE);
        assertThat(run(jane.events()).violations()).isEmpty();

        // order-service cancelled before it read the Provisioned; an activation after the cancel is on no order
        jane.activated();
        assertThat(run(jane.events()).violations()).extracting(Violation::kind)
                .containsExactly(ViolationKind.ACTIVATION_WITHOUT_PROVISIONING);
    }

    @Test
    void anOrderCancelledBeforeItsProvisioningNeedsNoProvisioningEmail() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        jane.cancelled("o-1");
        jane.provisioned("o-1");

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    @Test
    void anOrderCancelledOnlyAfterItsProvisioningStillNeedsItsEmailOrItsWithdrawal() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        AuditEvent provisioned = jane.provisioned("o-1");
        jane.cancelled("o-1");

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.PROVISIONING_EMAIL_MISSING);

        assertThat(ids(violation)).containsExactly(provisioned.id());
    }

    /**
     * notification-service withdraws the provisioning e-mail of an order cancelled before the e-mail went out, also
     * when the cancel came after the {@code Provisioned}, and says so with an {@code EmailWithdrawn}.
     */
    @Test
    void aProvisioningEmailWithdrawnBecauseItsOrderWasCancelledIsItsOneOutcome() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        jane.provisioned("o-1");
        jane.cancelled("o-1");
        jane.withdrawn("o-1", "provisioned-phonefactor");

        assertThat(run(jane.events()).violations()).isEmpty();
    }

    /**
     * The same for an order whose factor was deactivated while its provisioning e-mail waited (an SMTP outage); a
     * {@code Deactivated} of another order, or one that names none (written before it named its order), excuses
     * nothing.
     */
    @Test
    void aProvisioningEmailWithdrawnBecauseItsFactorWasDeactivatedIsItsOneOutcome() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        jane.provisioned("o-1");
        jane.deactivated("o-1");
        jane.withdrawn("o-1", "provisioned-phonefactor");

        assertThat(run(jane.events()).violations()).isEmpty();

        History john = new History("1234", "john");
        john.orderPlaced("o-2");
        john.ordered("o-2");
        AuditEvent provisioned = john.provisioned("o-2");
        john.deactivated("o-3");
        john.deactivated();
        AuditEvent withdrawn = john.withdrawn("o-2", "provisioned-phonefactor");

        Violation missing = onlyViolation(run(john.events()), ViolationKind.PROVISIONING_EMAIL_MISSING);
        assertThat(ids(missing)).containsExactly(provisioned.id(), withdrawn.id());
    }

    @Test
    void aWithdrawalOfAnOrderNeverCancelledIsAMissingEmailAndOneBesideASentEmailADuplicate() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        AuditEvent provisioned = jane.provisioned("o-1");
        AuditEvent withdrawn = jane.withdrawn("o-1", "provisioned-phonefactor");

        Violation missing = onlyViolation(run(jane.events()), ViolationKind.PROVISIONING_EMAIL_MISSING);
        assertThat(ids(missing)).containsExactly(provisioned.id(), withdrawn.id());
        assertThat(missing.explanation()).contains("neither cancelled nor deactivated", "withdrawn");

        History john = new History("1234", "john");
        john.orderPlaced("o-2");
        john.ordered("o-2");
        john.provisioned("o-2");
        john.email("o-2", "provisioned-phonefactor");
        john.cancelled("o-2");
        john.withdrawn("o-2", "provisioned-phonefactor");

        Violation both = onlyViolation(run(john.events()), ViolationKind.PROVISIONING_EMAIL_DUPLICATED);
        assertThat(both.explanation()).contains("both sent and withdrawn");
    }

    @Test
    void anOrderCancelledBeforeItsProvisioningIsStillMailedAtMostOnce() {
        History jane = new History("1234", "jane");
        jane.orderPlaced("o-1");
        jane.ordered("o-1");
        jane.cancelled("o-1");
        jane.provisioned("o-1");
        jane.email("o-1", "provisioned-phonefactor");
        jane.email("o-1", "provisioned-phonefactor");

        onlyViolation(run(jane.events()), ViolationKind.PROVISIONING_EMAIL_DUPLICATED);
    }

    @Test
    void changedFactorSettingsAreOnTheTimelineOnlyAndEndNoLock() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent changed = jane.settingsChanged(PhoneFactorMethod.SMS_ONE_TIME);
        AuditEvent lock = jane.lockOut();
        jane.settingsChanged(PhoneFactorMethod.APP_PIN);
        AuditEvent success = jane.login(ChallengeOutcome.SUCCEEDED);

        UserHistory history = REPLAY.replay(new UserKey("1234", "jane"), jane.events());
        Step step = history.steps().stream().filter(s -> s.event() == changed).findFirst().orElseThrow();
        assertThat(step.transition()).isNull();
        assertThat(step.stateAfter()).isEqualTo(LifecycleState.ACTIVE);
        Violation violation = onlyViolation(run(jane.events()), ViolationKind.SUCCEEDED_WHILE_LOCKED);
        assertThat(ids(violation)).containsExactly(lock.id(), success.id());
    }

    @Test
    void aFraudReportLocksAtOnceAndAnAdminUnlockEndsItCleanly() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        jane.fraudReport();
        jane.rejectedWhileLocked();
        jane.wait(Duration.ofHours(5));
        jane.unlocked("admin-1234", jane.now());
        jane.login(ChallengeOutcome.SUCCEEDED);

        assertThat(run(jane.events()).violations()).isEmpty();
        assertThat(REPLAY.replay(new UserKey("1234", "jane"), jane.events()).steps())
                .filteredOn(s -> s.event().type().equals("FraudReported")).singleElement()
                .satisfies(s -> assertThat(s.stateAfter()).isEqualTo(LifecycleState.LOCKED));
    }

    @Test
    void aLockoutBeforeTheFifthFailureWithoutAFraudReportIsStillAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        jane.login(ChallengeOutcome.FAILED);
        AuditEvent lock = jane.fraudLock(false);

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCKOUT_NOT_AT_FIFTH_FAILURE);

        assertThat(ids(violation)).endsWith(lock.id());
        assertThat(violation.explanation()).isEqualTo("LOCKED_OUT at consecutive failure 2, not at the fifth, and no"
                + " FraudReported for challenge " + lock.as(io.extauth.contract.events.ChallengeResult.class)
                        .challengeId());
    }

    @Test
    void theTimerMayNotEndAFraudBlock() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent lock = jane.fraudReport();
        jane.wait(Duration.ofMinutes(60));
        AuditEvent timer = jane.unlocked(Unlocked.BY_TIMER, jane.now());

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.LOCK_ENDED_EARLY);

        assertThat(ids(violation)).containsExactly(lock.id(), timer.id());
        assertThat(violation.explanation()).contains("a fraud block", "only an admin may end");
    }

    @Test
    void aSuccessDuringAFraudBlockIsAViolation() {
        History jane = new History("1234", "jane").onboarded("o-1");
        AuditEvent lock = jane.fraudReport();
        AuditEvent success = jane.login(ChallengeOutcome.SUCCEEDED);

        Violation violation = onlyViolation(run(jane.events()), ViolationKind.SUCCEEDED_WHILE_LOCKED);

        assertThat(ids(violation)).containsExactly(lock.id(), success.id());
    }
}
