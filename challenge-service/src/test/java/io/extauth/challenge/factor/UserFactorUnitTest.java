package io.extauth.challenge.factor;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.factor.FactorRefusal.Reason;
import io.extauth.contract.AuthType;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Unlocked;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserFactorUnitTest {

    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
    private static final Instant UNTIL = NOW.plus(Duration.ofHours(1));

    private final UserLifecycle lifecycle = UserLifecycle.standard();

    @Test
    void anOrderedAndProvisionedFactorIsActivatedWithItsEvent() {
        UserFactor provisioned = provisioned(AuthType.SYMANTEC_VIP);

        FactorTransition.Moved active = moved(provisioned.activate(lifecycle, AuthType.SYMANTEC_VIP, NOW, "jane",
                "code accepted"));

        assertThat(active.next().state()).isEqualTo(LifecycleState.ACTIVE);
        assertThat(active.move().trigger()).isEqualTo(LifecycleTrigger.ACTIVATE);
        assertThat(active.events()).singleElement().isInstanceOf(Activated.class);
    }

    @Test
    void activationBeforeProvisioningIsRefusedByTheActivationGuard() {
        UserFactor ordered = moved(UserFactor.none("1234", "jane").order(lifecycle, AuthType.PHONEFACTOR, "o-1", null,
                NOW, "AuthOrdered")).next();

        FactorTransition result = ordered.activate(lifecycle, AuthType.PHONEFACTOR, NOW, "jane", "settings saved");

        assertThat(result).isInstanceOf(FactorTransition.Refused.class);
        assertThat(((FactorTransition.Refused) result).reason()).isEqualTo(Reason.NOT_PROVISIONED);
    }

    @Test
    void anOrderPlacedBeforeTheUsersOwnStartsNothingOverAndALaterOneTakesItsPlace() {
        UserFactor active = moved(provisioned(AuthType.PHONEFACTOR).activate(lifecycle, AuthType.PHONEFACTOR, NOW, "jane",
                "settings saved")).next();

        FactorTransition replayed = active.order(lifecycle, AuthType.PHONEFACTOR, "o-0", null, NOW.minusSeconds(60),
                "AuthOrdered o-0 replayed from the dead letters");
        FactorTransition skewed = active.order(lifecycle, AuthType.PHONEFACTOR, "o-x", null, NOW.minusSeconds(2),
                "AuthOrdered o-x, stamped by an order-service instance whose clock is 2 s behind");
        FactorTransition again = active.order(lifecycle, AuthType.PHONEFACTOR, "o-1", null, NOW.plusSeconds(60),
                "AuthOrdered o-1 again");
        FactorTransition later = active.order(lifecycle, AuthType.SYMANTEC_VIP, "o-2", "VSST12345678",
                NOW.plusSeconds(60), "AuthOrdered o-2");

        assertThat(replayed).isInstanceOf(FactorTransition.Refused.class);
        assertThat(((FactorTransition.Refused) replayed).reason()).isEqualTo(Reason.STALE_ORDER);
        assertThat(skewed).as("within the clocks' agreement: a new order").isInstanceOf(FactorTransition.Moved.class);
        assertThat(((FactorTransition.Refused) again).reason()).isEqualTo(Reason.SAME_ORDER);
        UserFactor reordered = moved(later).next();
        assertThat(reordered.state()).isEqualTo(LifecycleState.ORDERED);
        assertThat(reordered.orderId()).isEqualTo("o-2");
        assertThat(reordered.orderedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(reordered.primaryPhone()).isNull();
    }

    @Test
    void settingUpAFactorWithNoOrderSaysAnAdminMustOrderItNotToWaitForAnEMail() {
        UserFactor cancelled = moved(moved(UserFactor.none("1234", "jane").order(lifecycle, AuthType.PHONEFACTOR,
                "o-1", null, NOW, "AuthOrdered")).next().cancel(lifecycle, "o-1", "OrderCancelled")).next();
        UserFactor ordered = moved(UserFactor.none("1234", "jane").order(lifecycle, AuthType.PHONEFACTOR, "o-2", null,
                NOW, "AuthOrdered")).next();

        assertThat(ActivationGuard.refusal(cancelled, AuthType.PHONEFACTOR)).get()
                .extracting(Throwable::getMessage).asString().contains("an admin must order it")
                .doesNotContain("e-mail");
        assertThat(ActivationGuard.refusal(ordered, AuthType.PHONEFACTOR)).get()
                .extracting(Throwable::getMessage).asString().contains("provisioning e-mail");
    }

    @Test
    void activatingTheOtherTypeIsRefusedAsTheWrongType() {
        FactorTransition result = provisioned(AuthType.PHONEFACTOR).activate(lifecycle, AuthType.SYMANTEC_VIP, NOW,
                "jane", "code accepted");

        assertThat(((FactorTransition.Refused) result).reason()).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void aSecondActivationIsRefusedByTheLifecycle() {
        UserFactor active = active();

        FactorTransition result = active.activate(lifecycle, AuthType.PHONEFACTOR, NOW, "jane", "again");

        assertThat(((FactorTransition.Refused) result).reason()).isEqualTo(Reason.NOT_ALLOWED);
    }

    @Test
    void theFifthFailureInARowLocksTheUserUntilTheLockEnds() {
        UserFactor user = active();
        for (int failure = 1; failure <= 4; failure++) {
            FactorTransition.Moved counted = moved(user.fail(lifecycle, user.consecutiveFailures(), NOW, UNTIL, "wrong"));
            assertThat(counted.move()).as("a strike below the threshold moves no state").isNull();
            user = counted.next();
        }

        FactorTransition.Moved fifth = moved(user.fail(lifecycle, user.consecutiveFailures(), NOW, UNTIL, "wrong"));

        assertThat(fifth.next().state()).isEqualTo(LifecycleState.LOCKED);
        assertThat(fifth.next().consecutiveFailures()).isEqualTo(5);
        assertThat(fifth.next().lockedUntil()).isEqualTo(UNTIL);
        assertThat(fifth.move().trigger()).isEqualTo(LifecycleTrigger.FAIL);
    }

    @Test
    void aSuccessForgetsTheStrikes() {
        UserFactor struck = moved(active().fail(lifecycle, 3, NOW, UNTIL, "wrong")).next();

        UserFactor passed = moved(struck.succeed(lifecycle, "right")).next();

        assertThat(passed.consecutiveFailures()).isZero();
        assertThat(passed.lastFailureAt()).isNull();
        assertThat(passed.state()).isEqualTo(LifecycleState.ACTIVE);
    }

    @Test
    void aFraudReportLocksAtOnceAndAnUnlockEndsItWithItsEvent() {
        UserFactor blocked = moved(active().lock(lifecycle, 0, NOW, null, "fraud reported")).next();
        assertThat(blocked.fraudBlocked()).isTrue();

        FactorTransition.Moved unlocked = moved(blocked.unlock(lifecycle, "admin-1234", NOW));

        assertThat(unlocked.next().state()).isEqualTo(LifecycleState.ACTIVE);
        assertThat(unlocked.next().fraudReportedAt()).isNull();
        assertThat(unlocked.events()).singleElement().isEqualTo(new Unlocked("1234", "jane", "admin-1234", NOW));
    }

    @Test
    void unlockingAUserWhoIsNotLockedIsRefused() {
        assertThat(active().unlock(lifecycle, "admin-1234", NOW)).isInstanceOf(FactorTransition.Refused.class);
    }

    @Test
    void aDeactivationForgetsTheStrikesAndSaysWho() {
        FactorTransition.Moved off = moved(moved(active().fail(lifecycle, 0, NOW, UNTIL, "wrong")).next()
                .deactivate(lifecycle, "admin-1234", NOW));

        assertThat(off.next().state()).isEqualTo(LifecycleState.DEACTIVATED);
        assertThat(off.next().consecutiveFailures()).isZero();
        assertThat(off.events()).singleElement().isEqualTo(new Deactivated("1234", "jane", "admin-1234", NOW,
                AuthType.PHONEFACTOR, active().orderId()));
        assertThat(active().orderId()).as("the order the factor came from, named so readers take back that one")
                .isNotNull();
    }

    @Test
    void aProvisioningForAnOrderNotSeenYetIsRefusedSoItIsRetried() {
        FactorTransition result = UserFactor.none("1234", "jane").provision(lifecycle, "o-1", true, "Provisioned");

        assertThat(((FactorTransition.Refused) result).reason()).isEqualTo(Reason.ORDER_NOT_YET_SEEN);
    }

    @Test
    void aProvisioningForANewOrderReadBeforeItAfterADeactivationIsRetriedNotDropped() {
        UserFactor off = moved(active().deactivate(lifecycle, "admin-1234", NOW)).next();

        assertThat(((FactorTransition.Refused) off.provision(lifecycle, "o-2", true, "Provisioned")).reason())
                .isEqualTo(Reason.ORDER_NOT_YET_SEEN);
        assertThat(((FactorTransition.Refused) off.provision(lifecycle, "o-2", false, "ProvisioningFailed")).reason())
                .isEqualTo(Reason.ORDER_NOT_YET_SEEN);
    }

    @Test
    void aLateProvisioningOfAnOlderOrderWhileAnotherIsUnderwayIsIgnored() {
        UserFactor ordered = moved(UserFactor.none("1234", "jane").order(lifecycle, AuthType.PHONEFACTOR, "o-2", null,
                NOW, "AuthOrdered")).next();

        assertThat(((FactorTransition.Refused) ordered.provision(lifecycle, "o-1", true, "Provisioned")).reason())
                .isEqualTo(Reason.OTHER_ORDER);
    }

    @Test
    void onlyTheCurrentOrderCanBeCancelled() {
        UserFactor ordered = moved(UserFactor.none("1234", "jane").order(lifecycle, AuthType.PHONEFACTOR, "o-2", null,
                NOW, "AuthOrdered")).next();

        FactorTransition.Moved another = moved(ordered.cancel(lifecycle, "o-1", "OrderCancelled"));
        assertThat(another.move()).as("no lifecycle move").isNull();
        assertThat(another.next().state()).isEqualTo(LifecycleState.ORDERED);
        assertThat(another.next().orderId()).isEqualTo("o-2");
        assertThat(another.next().cancelledOrderId()).isEqualTo("o-1");
        assertThat(((FactorTransition.Refused) another.next().cancel(lifecycle, "o-1", "OrderCancelled")).reason())
                .as("read again: kept already").isEqualTo(Reason.OTHER_ORDER);
        assertThat(moved(ordered.cancel(lifecycle, "o-2", "OrderCancelled")).next().state())
                .isEqualTo(LifecycleState.NONE);
    }

    @Test
    void anOrderWhoseCancellationWasReadFirstIsRefusedAndAnotherOrderIsNot() {
        // AuthOrdered o-1 dead-lettered; its OrderCancelled read; then the order replayed from the dead letters
        UserFactor cancelledFirst = moved(UserFactor.none("1234", "jane").cancel(lifecycle, "o-1", "OrderCancelled"))
                .next();

        FactorTransition replayed = cancelledFirst.order(lifecycle, AuthType.PHONEFACTOR, "o-1", null, NOW,
                "AuthOrdered");
        assertThat(((FactorTransition.Refused) replayed).reason()).isEqualTo(Reason.CANCELLED_BEFORE);
        assertThat(moved(cancelledFirst.order(lifecycle, AuthType.PHONEFACTOR, "o-2", null, NOW.plusSeconds(60),
                "AuthOrdered")).next().state()).isEqualTo(LifecycleState.ORDERED);
    }

    private UserFactor provisioned(AuthType type) {
        UserFactor ordered = moved(UserFactor.none("1234", "jane").order(lifecycle, type, "o-1", "VSMT1", NOW,
                "AuthOrdered"))
                .next();
        return moved(ordered.provision(lifecycle, "o-1", true, "Provisioned")).next();
    }

    private UserFactor active() {
        return moved(provisioned(AuthType.PHONEFACTOR).activate(lifecycle, AuthType.PHONEFACTOR, NOW, "jane",
                "settings saved")).next();
    }

    private static FactorTransition.Moved moved(FactorTransition transition) {
        assertThat(transition).isInstanceOf(FactorTransition.Moved.class);
        return (FactorTransition.Moved) transition;
    }
}
