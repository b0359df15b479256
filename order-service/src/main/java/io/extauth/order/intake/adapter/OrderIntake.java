package io.extauth.order.intake.adapter;

import io.extauth.contract.AuthType;
import io.extauth.contract.Masking;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.OrderRejected;
import io.extauth.contract.events.OrderRejected.Reason;
import io.extauth.order.intake.IntakeFacts;
import io.extauth.order.intake.OrderForm;
import io.extauth.order.intake.OrderValidator;
import io.extauth.order.pricing.PriceList;
import io.extauth.order.pricing.Promo;
import io.extauth.order.pricing.adapter.Promos;
import io.extauth.order.status.Order;
import io.extauth.order.status.OrderStatus;
import io.extauth.order.status.adapter.Orders;
import io.extauth.service.logs.SampledLine;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Takes in orders from both doors: gathers what the validator needs, validates, prices, stores the order and records
 * its event in the same transaction.
 */
@Service
public class OrderIntake {

    private static final Logger log = LoggerFactory.getLogger(OrderIntake.class);
    static final int REFUSALS_LINE_EVERY_SECONDS = 10;

    /** What became of a portal order. */
    public sealed interface PortalOutcome {
        /** Accepted now, or earlier under the same Idempotency-Key. */
        record Accepted(String orderId, OrderStatus status) implements PortalOutcome {
        }

        record Rejected(List<Reason> reasons) implements PortalOutcome {
        }

        /** Not decided: the caller sent as many promo codes that did not apply as it may for now. */
        record PromoTriesUsedUp(Duration retryAfter) implements PortalOutcome {
        }

        /** Not taken: the caller had as many orders for the account accepted as it may for now. */
        record TooManyOrders(Duration retryAfter) implements PortalOutcome {
        }

        /** Not taken: the address had as many orders of the account accepted, from any caller, as it may for now. */
        record TooManyOrdersToAddress(Duration retryAfter) implements PortalOutcome {
        }
    }

    /** The rejections that tell a caller something of a promo code it tried: each counts as a miss. */
    private static final Set<String> PROMO_MISSES = Set.of(OrderValidator.PROMO_UNKNOWN,
            OrderValidator.PROMO_NOT_YET_VALID, OrderValidator.PROMO_EXPIRED, OrderValidator.PROMO_NOT_APPLICABLE);

    /** A portal request's Idempotency-Key, the caller it belongs to and the fingerprint of the request body. */
    public record IdempotentRequest(String caller, String key, String requestHash) {
    }

    public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";

    /**
     * An order over a bound on accepted orders is a line every {@value #REFUSALS_LINE_EVERY_SECONDS} s per bound, with
     * how many came since, not a line each: a caller at its bound can send them at the rate of its requests (until
     * session 66 each wrote its own line).
     */
    private final SampledLine tooManyOrdersLine = new SampledLine(Duration.ofSeconds(REFUSALS_LINE_EVERY_SECONDS));
    private final SampledLine tooManyToAddressLine = new SampledLine(Duration.ofSeconds(REFUSALS_LINE_EVERY_SECONDS));
    private final Orders orders;
    private final Promos promos;
    private final PriceList prices;
    private final OrderEvents events;
    private final IdempotencyKeys idempotencyKeys;
    private final Clock clock;
    private final PromoMisses promoMisses;
    private final AcceptedOrderBounds acceptedOrderBounds;

    OrderIntake(Orders orders, Promos promos, PriceList prices, OrderEvents events,
            IdempotencyKeys idempotencyKeys, Clock clock, PromoMisses promoMisses,
            AcceptedOrderBounds acceptedOrderBounds) {
        this.orders = orders;
        this.promos = promos;
        this.prices = prices;
        this.events = events;
        this.idempotencyKeys = idempotencyKeys;
        this.clock = clock;
        this.promoMisses = promoMisses;
        this.acceptedOrderBounds = acceptedOrderBounds;
    }

    /**
     * A billing order: accepted ({@code AuthOrdered}) or rejected ({@code OrderRejected}), and kept either way.
     * A repeat of a billing orderId changes nothing: the order's insert finds the orderId taken and no event follows.
     * Runs in the caller's transaction (the listener's inbox transaction), which it needs: the order and its event
     * commit together.
     */
    public void placeFromBilling(OrderPlaced placed) {
        Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
                "placeFromBilling needs the caller's transaction");
        boolean keyed = OrderValidator.isUsableOrderId(placed.orderId());
        OrderForm form = OrderForm.of(placed);
        Instant now = clock.instant();
        // an order without a usable id cannot be keyed by it; it is kept under an id of ours, and rejected
        String orderId = keyed ? Objects.requireNonNull(placed.orderId()) : UUID.randomUUID().toString();
        Decision decision = decideAndTakeIn(form, orderId, now);
        if (decision instanceof Decision.Taken taken) {
            billingOrderTaken(orderId, form, taken.accepted(), now);
        } else if (decision instanceof Decision.Accepted accepted) {
            if (orders.insert(accepted.order(orderId, form, now))) {
                billingOrderTaken(orderId, form, accepted, now);
            } else {
                repeatOrReuse(orderId, OrderValidator.storable(form));
            }
        } else if (decision instanceof Decision.Rejected rejected) {
            OrderForm kept = OrderValidator.storable(form);
            Order order = new Order(orderId, OrderChannel.BILLING, kept.accountId(), kept.userId(), kept.email(),
                    kept.type(), kept.credentialId(), kept.promoCode(), kept.orderedBy(), null, OrderStatus.REJECTED,
                    rejected.reasons(), now, now);
            if (!orders.insert(order)) {
                repeatOrReuse(orderId, kept);
            } else {
                String readableId = placed.orderId() == null || placed.orderId().isBlank() ? null : kept.orderId();
                events.rejected(new OrderRejected(kept.accountId(), kept.userId(), readableId, rejected.reasons()));
                log.info("Billing order {} rejected for user {} of account {}: {}", readableId, kept.userId(),
                        kept.accountId(), rejected.reasons().stream().map(Reason::code).toList());
            }
        }
    }

    private static boolean sameText(@Nullable String stored, @Nullable String kept) {
        return Objects.equals(OrderValidator.storable(stored), kept);
    }

    private void billingOrderTaken(String orderId, OrderForm form, Decision.Accepted accepted, Instant now) {
        events.ordered(accepted.event(orderId, form, now));
        log.debug("Billing order {} accepted for user {} of account {} ({}, {})", orderId, form.userId(),
                form.accountId(), accepted.type(), accepted.monthlyFee());
    }

    /**
     * A billing order whose orderId is taken: a repeat of that order (the same account, user, type, credential and
     * address) changes nothing; any other order under it is answered {@code OrderRejected} {@code ORDER_ID_REUSED},
     * saying nothing of the order that holds the id. Before, it was dropped with a debug line, and the billing system
     * never learnt that its order was not taken.
     */
    private void repeatOrReuse(String orderId, OrderForm kept) {
        Order taken = orders.find(orderId).orElse(null);
        // compared as kept now: a rejected order stored before control characters were replaced kept them
        if (taken == null || taken.channel() == OrderChannel.BILLING
                && sameText(taken.accountId(), kept.accountId()) && sameText(taken.userId(), kept.userId())
                && sameText(taken.type(), kept.type()) && sameText(taken.email(), kept.email())
                && sameText(credentialOf(taken.type(), taken.credentialId()),
                        credentialOf(kept.type(), kept.credentialId()))) {
            log.debug("Billing order {} was taken in before; this repeat changes nothing", orderId);
            return;
        }
        events.rejected(new OrderRejected(kept.accountId(), kept.userId(), orderId, List.of(new Reason("orderId",
                OrderValidator.ORDER_ID_REUSED, "orderId " + orderId + " belongs to an earlier order with other"
                        + " content; nothing was ordered. Send a new order under a new orderId"))));
        log.info("Billing order {} for user {} of account {} rejected: its orderId is taken by another order", orderId,
                kept.userId(), kept.accountId());
    }

    /**
     * The credential as an order of {@code type} keeps it: a Symantec order's, and none (blank or not) for any other
     * type, which an accepted order stores as none whatever was sent.
     */
    private static @Nullable String credentialOf(@Nullable String type, @Nullable String credentialId) {
        return AuthType.SYMANTEC_VIP.name().equals(type) && credentialId != null && !credentialId.isBlank()
                ? credentialId : null;
    }

    /**
     * A portal order: accepted with a new orderId, or rejected with every reason; nothing is kept of a rejection.
     * {@code promoMissBucket} is the count its promo code goes to ({@link PromoMissBuckets}); empty when the order
     * names no account to count for: it is rejected for its accountId, and its code is neither counted nor held up.
     * An order that would be accepted is then held to the bounds on accepted orders ({@link AcceptedOrderBounds}): only
     * such an order makes a vendor user and a mail; a broken one still gets every reason, and a repeat under its
     * Idempotency-Key is answered as the first before anything is counted.
     */
    @Transactional
    public PortalOutcome placeFromPortal(OrderForm form, Optional<String> promoMissBucket,
            @Nullable IdempotentRequest request) {
        if (request != null) {
            var first = idempotencyKeys.findOnceEarlierRequestsOfTheKeyEnded(request.caller(), request.key());
            if (first.isPresent()) {
                if (!first.get().requestHash().equals(request.requestHash())) {
                    return new PortalOutcome.Rejected(List.of(new Reason("Idempotency-Key", IDEMPOTENCY_KEY_REUSED,
                            "This Idempotency-Key was used for a different order; use a new key for a new order")));
                }
                return new PortalOutcome.Accepted(first.get().orderId(), first.get().status());
            }
        }
        if (form.hasPromoCode() && promoMissBucket.isPresent()) {
            Optional<Duration> wait = promoMisses.waitBeforeNext(promoMissBucket.get());
            if (wait.isPresent()) {
                return new PortalOutcome.PromoTriesUsedUp(wait.get());
            }
        }
        // an order that names no account to count for is rejected for that: its code is neither looked up nor judged,
        // or such orders would tell which codes exist, at the rate of requests and without a count
        boolean judgePromo = promoMissBucket.isPresent();
        Decision decision = decide(form, judgePromo ? promoOf(form) : null, liveOrderOf(form),
                isCredentialInUse(form));
        if (decision instanceof Decision.Rejected rejected) {
            if (judgePromo && rejected.reasons().stream().anyMatch(reason -> PROMO_MISSES.contains(reason.code()))) {
                promoMisses.missed(promoMissBucket.get());
            }
            return new PortalOutcome.Rejected(judgePromo ? rejected.reasons() : rejected.reasons().stream()
                    .filter(reason -> !PROMO_MISSES.contains(reason.code())).toList());
        }
        Decision.Accepted accepted = (Decision.Accepted) decision;
        Optional<PortalOutcome> overABound = overABoundOnAcceptedOrders(form);
        if (overABound.isPresent()) {
            return overABound.get();
        }
        Instant now = clock.instant();
        String orderId = UUID.randomUUID().toString();
        orders.insert(accepted.order(orderId, form, now));
        events.ordered(accepted.event(orderId, form, now));
        if (request != null) {
            idempotencyKeys.remember(request.caller(), request.key(),
                    new IdempotencyKeys.FirstRequest(request.requestHash(), orderId, OrderStatus.ACCEPTED), now);
        }
        log.info("Portal order {} accepted for user {} of account {} ({}, {}, {})", orderId, form.userId(),
                form.accountId(), accepted.type(), accepted.monthlyFee(), Masking.email(String.valueOf(form.email())));
        return new PortalOutcome.Accepted(orderId, OrderStatus.ACCEPTED);
    }

    /** Why the order, valid, is not taken now; empty when it is within both bounds on the door's accepted orders. */
    private Optional<PortalOutcome> overABoundOnAcceptedOrders(OrderForm form) {
        Optional<Duration> callerWait = acceptedOrderBounds.waitBeforeNextOfCaller(
                Objects.requireNonNull(form.orderedBy()), Objects.requireNonNull(form.accountId()));
        if (callerWait.isPresent()) {
            // the ids are the validator's (an accepted order's), the caller the token's checked sub
            tooManyOrdersLine.happened().ifPresent(since -> log.info("{} portal order(s) not taken since the last such "
                    + "line: the caller had as many orders of the account accepted as it may for now; the latest for "
                    + "user {} of account {} by {}", since, form.userId(), form.accountId(), form.orderedBy()));
            return Optional.of(new PortalOutcome.TooManyOrders(callerWait.get()));
        }
        Optional<Duration> addressWait = acceptedOrderBounds.waitBeforeNextToAddress(
                Objects.requireNonNull(form.accountId()), Objects.requireNonNull(form.email()));
        if (addressWait.isPresent()) {
            tooManyToAddressLine.happened().ifPresent(since -> log.info("{} portal order(s) not taken since the last "
                    + "such line: the address had as many orders of the account accepted as it may for now; the latest "
                    + "for user {} of account {} by {}, to {}", since, form.userId(), form.accountId(),
                    form.orderedBy(), Masking.email(Objects.requireNonNull(form.email()))));
            return Optional.of(new PortalOutcome.TooManyOrdersToAddress(addressWait.get()));
        }
        return Optional.empty();
    }

    /**
     * A billing order decided and, when it is accepted, stored under {@code orderId} ({@link Decision.Taken});
     * otherwise the decision to act on, made with every fact. The user's live order and another user's live order of
     * the credential are the facts the order's own insert can answer: the order is first decided as if there were
     * neither, and one that passes is inserted at once, which only the user's live order
     * ({@code orders_one_live_per_user}), a live order of its credential ({@code orders_one_live_per_credential}) or a
     * taken orderId can stop. Only then, or when the order fails on its own, are the live order read (and locked) and
     * the credential's looked up, and the order decided again, with the reasons it always had. An accepted order costs
     * its insert alone, not reads before it (issue 14). The portal door reads them first, as before: a portal request
     * that waited on the index for a concurrent order of the same user or credential decides again, and answers what
     * it finds then, after the index's error (see {@code OrderController}).
     */
    private Decision decideAndTakeIn(OrderForm form, String orderId, Instant now) {
        Promo promo = promoOf(form);
        if (decide(form, promo, null, false) instanceof Decision.Accepted accepted
                && orders.insertUnlessTaken(accepted.order(orderId, form, now))) {
            return new Decision.Taken(accepted);
        }
        return decide(form, promo, liveOrderOf(form), isCredentialInUse(form));
    }

    private @Nullable Promo promoOf(OrderForm form) {
        // only well-formed values are looked up: a NUL would make the query itself fail, again on every retry
        return form.hasPromoCode() && OrderValidator.isUsablePromoCode(form.promoCode())
                ? promos.find(Objects.requireNonNull(form.promoCode())).orElse(null) : null;
    }

    /** The user's live order, locked for the rest of the transaction; null when there is none. */
    private IntakeFacts.@Nullable LiveOrder liveOrderOf(OrderForm form) {
        // only well-formed values are looked up, as for the promo
        if (!OrderValidator.isUsableId(form.accountId()) || !OrderValidator.isUsableId(form.userId())) {
            return null;
        }
        return orders.findLive(form.accountId(), form.userId())
                .map(order -> new IntakeFacts.LiveOrder(order.orderId(), order.status())).orElse(null);
    }

    /**
     * Whether the Symantec credential the order names is on a live order of another account user. Only a well-formed
     * credential of a Symantec order is looked up (any other order keeps none), as for the promo, and only for a
     * well-formed account and user, whom "another user" is told from (an order without them is rejected for that).
     */
    private boolean isCredentialInUse(OrderForm form) {
        if (!AuthType.SYMANTEC_VIP.name().equals(form.type())
                || !OrderValidator.isUsableCredentialId(form.credentialId())
                || !OrderValidator.isUsableId(form.accountId()) || !OrderValidator.isUsableId(form.userId())) {
            return false;
        }
        return orders.isCredentialLiveElsewhere(Objects.requireNonNull(form.credentialId()),
                Objects.requireNonNull(form.accountId()), Objects.requireNonNull(form.userId()));
    }

    private Decision decide(OrderForm form, @Nullable Promo promo, IntakeFacts.@Nullable LiveOrder live,
            boolean credentialInUse) {
        List<Reason> reasons = OrderValidator.validate(form,
                new IntakeFacts(promo, live, credentialInUse, LocalDate.now(clock)));
        if (!reasons.isEmpty()) {
            return new Decision.Rejected(reasons);
        }
        AuthType type = OrderValidator.typeOf(form.type()).orElseThrow();
        return new Decision.Accepted(type, promo, prices.monthlyFee(type, promo));
    }

    private sealed interface Decision {

        record Accepted(AuthType type, @Nullable Promo promo, BigDecimal monthlyFee) implements Decision {

            @Nullable String promoCode() {
                return promo == null ? null : promo.code();
            }

            @Nullable String credentialId(OrderForm form) {
                return type == AuthType.SYMANTEC_VIP ? form.credentialId() : null;
            }

            Order order(String orderId, OrderForm form, Instant now) {
                return new Order(orderId, form.channel(), Objects.requireNonNull(form.accountId()),
                        Objects.requireNonNull(form.userId()), form.email(), type.name(), credentialId(form),
                        promoCode(), form.orderedBy(), monthlyFee, OrderStatus.ACCEPTED, List.of(), now, now);
            }

            AuthOrdered event(String orderId, OrderForm form, Instant now) {
                return new AuthOrdered(Objects.requireNonNull(form.accountId()), Objects.requireNonNull(form.userId()),
                        orderId, type, credentialId(form), Objects.requireNonNull(form.email()), promoCode(),
                        monthlyFee, form.channel(), now);
            }
        }

        record Rejected(List<Reason> reasons) implements Decision {
        }

        /** Accepted, and the order already stored. */
        record Taken(Accepted accepted) implements Decision {
        }
    }
}
