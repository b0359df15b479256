package io.extauth.audit.rules;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.contract.events.Unlocked;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Standing;
import io.extauth.lifecycle.Transition;
import io.extauth.lifecycle.UserLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Replays a user's ordered events through the lifecycle the services use, strike rule included; a refused trigger
 * leaves the user as is. Challenge results fire SUCCEED or FAIL, so the machine counts the strikes and locks at the
 * threshold exactly as challenge-service does; a {@code LOCKED_OUT} the count does not explain (a fraud report, or a
 * violation {@link LockoutRule} names) fires LOCK. With a counter-reset window a strike after that long without one
 * fires from no strikes. A {@code FAILED} decided without a strike ({@link StrikeSettings#failedWithoutStrike}: the
 * user was no longer active) fires nothing when the user was not ACTIVE or LOCKED here, or when a {@code Deactivated}
 * or an accepted {@code AuthOrdered} stamped no more than {@link #ORDER_CLOCKS_AGREE_WITHIN} after its decision comes
 * later (the decision's instance clock behind: both are written before it); else it fires FAIL as any failure, so an
 * active user's failures recorded that way still lock at the threshold. {@code OrderCancelled} fires CANCEL only while the user is
 * ORDERED or PROVISIONED, as challenge-service applies it; {@code AuthOrdered} fires ORDER unless it is the user's
 * current order again or was placed before it (by more than two order-service clocks may differ) (challenge-service's SAME_ORDER and STALE_ORDER); {@code FactorSettingsChanged}, {@code FraudReported} and the other events fire nothing. The lifecycle
 * answers from a table it built once, so a million events replay in well under a second.
 */
public final class LifecycleReplay {

    /**
     * As challenge-service's {@code UserFactor.ORDER_CLOCKS_AGREE_WITHIN}: an order is stale when stamped earlier than
     * the current one by more than two order-service instances' clocks may be apart. Also how far a {@code Deactivated}
     * or an order may be stamped after the no-strike {@code FAILED} it caused (instances 2 s apart: README, Clocks).
     */
    static final Duration ORDER_CLOCKS_AGREE_WITHIN = Duration.ofSeconds(2);

    private final UserLifecycle lifecycle;
    private final StrikeSettings settings;

    /** Without a counter-reset window. */
    public LifecycleReplay(UserLifecycle lifecycle) {
        this(lifecycle, StrikeSettings.DEFAULTS);
    }

    /**
     * With the settings' counter-reset window: a strike that long or longer after the last one counts from zero, as
     * challenge-service counts it. The lifecycle holds the strike limit ({@code UserLifecycle.withStrikeLimit} of the
     * settings' {@code maxFailures}).
     */
    public LifecycleReplay(UserLifecycle lifecycle, StrikeSettings settings) {
        this.lifecycle = lifecycle;
        this.settings = settings;
    }

    public UserHistory replay(UserKey user, List<AuditEvent> ordered) {
        List<Step> steps = new ArrayList<>(ordered.size());
        Standing standing = Standing.of(LifecycleState.NONE);
        AuthOrdered current = null;
        Instant lastFailureAt = null;
        Instant[] activityEndsAfter = null;
        for (int i = 0; i < ordered.size(); i++) {
            AuditEvent event = ordered.get(i);
            LifecycleTrigger trigger = triggerOf(event);
            if (event.data() instanceof AuthOrdered order) {
                if (refused(order, current)) {
                    // challenge-service refuses the user's own order read again, and one placed no later than it
                    // (SAME_ORDER, STALE_ORDER): it moves nothing there, and nothing here
                    trigger = null;
                } else {
                    current = order;
                }
            }
            if (event.data() instanceof ChallengeResult result && StrikeSettings.failedWithoutStrike(result)) {
                // challenge-service's FAILED for a user no longer active: no strike if the user was not active here,
                // or if what ended it (written before the decision) replays after it only by the clocks' skew
                if (standing.state() != LifecycleState.ACTIVE && standing.state() != LifecycleState.LOCKED) {
                    trigger = null;
                } else {
                    if (activityEndsAfter == null) {
                        activityEndsAfter = activityEndsAfter(ordered);
                    }
                    Instant ends = activityEndsAfter[i];
                    if (ends != null && !ends.isAfter(
                            StrikeSettings.decidedAt(event, result).plus(ORDER_CLOCKS_AGREE_WITHIN))) {
                        trigger = null;
                    }
                }
            }
            if (trigger == LifecycleTrigger.CANCEL && standing.state() != LifecycleState.ORDERED
                    && standing.state() != LifecycleState.PROVISIONED) {
                // a cancel ends an order before its activation (order-service may cancel before it read the
                // Provisioned); later (or with no order) it changes nothing the lifecycle knows, and is not a
                // violation by itself
                trigger = null;
            }
            Standing from = standing;
            Instant decidedAt = null;
            if (trigger == LifecycleTrigger.FAIL) {
                ChallengeResult result = (ChallengeResult) event.data();
                decidedAt = StrikeSettings.decidedAt(event, result);
                if (settings.windowPassed(lastFailureAt, decidedAt)) {
                    // challenge-service's StrikeRules.counted: the earlier strikes no longer count
                    from = new Standing(standing.state(), 0);
                }
            }
            Transition transition = trigger == null ? null : lifecycle.fire(from, trigger);
            if (transition != null && lockedOut(event) && transition.state() != LifecycleState.LOCKED) {
                transition = lifecycle.fire(from, LifecycleTrigger.LOCK);
            }
            if (transition != null) {
                standing = transition.standing();
                if (decidedAt != null && transition.accepted()) {
                    lastFailureAt = decidedAt;
                }
            }
            steps.add(new Step(event, transition, standing.state()));
        }
        return new UserHistory(user, steps);
    }

    /** Whether challenge-service refuses the order given the user's current one (SAME_ORDER, STALE_ORDER). */
    private static boolean refused(AuthOrdered order, @Nullable AuthOrdered current) {
        return current != null && (order.orderId().equals(current.orderId())
                || order.orderedAt() != null && current.orderedAt() != null
                && order.orderedAt().plus(ORDER_CLOCKS_AGREE_WITHIN).isBefore(current.orderedAt()));
    }

    /**
     * Per event, the earliest time of a {@code Deactivated} or an accepted {@code AuthOrdered} that comes after it in
     * the replay (null: none). Which orders are accepted depends only on the orders before them, never on strikes, so
     * it is known before the replay. Made only for a user with a no-strike {@code FAILED} while active.
     */
    private static @Nullable Instant[] activityEndsAfter(List<AuditEvent> ordered) {
        Instant[] endsAt = new Instant[ordered.size()];
        AuthOrdered current = null;
        for (int i = 0; i < ordered.size(); i++) {
            AuditEvent event = ordered.get(i);
            if (event.data() instanceof Deactivated) {
                endsAt[i] = event.time();
            } else if (event.data() instanceof AuthOrdered order && !refused(order, current)) {
                current = order;
                endsAt[i] = event.time();
            }
        }
        Instant earliest = null;
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Instant here = endsAt[i];
            endsAt[i] = earliest;
            if (here != null && (earliest == null || here.isBefore(earliest))) {
                earliest = here;
            }
        }
        return endsAt;
    }

    private static boolean lockedOut(AuditEvent event) {
        return event.data() instanceof ChallengeResult result && result.outcome() == ChallengeOutcome.LOCKED_OUT;
    }

    static @Nullable LifecycleTrigger triggerOf(AuditEvent event) {
        Object data = event.data();
        if (data instanceof AuthOrdered) {
            return LifecycleTrigger.ORDER;
        }
        if (data instanceof OrderCancelled) {
            return LifecycleTrigger.CANCEL;
        }
        if (data instanceof Provisioned) {
            return LifecycleTrigger.PROVISION;
        }
        if (data instanceof ProvisioningFailed) {
            return LifecycleTrigger.PROVISIONING_FAIL;
        }
        if (data instanceof Activated) {
            return LifecycleTrigger.ACTIVATE;
        }
        if (data instanceof ChallengeResult result) {
            return switch (result.outcome()) {
                case SUCCEEDED -> LifecycleTrigger.SUCCEED;
                // one failed without a strike (StrikeSettings.failedWithoutStrike) fires nothing if replay finds
                // the user no longer active
                case FAILED, EXPIRED, LOCKED_OUT -> LifecycleTrigger.FAIL;
                case REJECTED_LOCKED -> null; // asked while locked: no strike
                case NOT_DELIVERED -> null; // the vendor could not reach the user: no strike
                case WITHDRAWN -> null; // the factor changed while it was open: no strike
            };
        }
        if (data instanceof Unlocked) {
            return LifecycleTrigger.UNLOCK;
        }
        if (data instanceof Deactivated) {
            return LifecycleTrigger.DEACTIVATE;
        }
        return null;
    }
}
