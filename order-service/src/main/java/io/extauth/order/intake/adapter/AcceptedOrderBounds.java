package io.extauth.order.intake.adapter;

import io.extauth.order.status.adapter.Orders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The bounds on the orders the HTTP door accepts ({@link AcceptedOrderProperties}), counted from its orders in
 * PostgreSQL across instances: the door keeps an order only when it accepts it, by its caller, so its accepted orders
 * of a window are its rows of that window.
 */
@Component
@EnableConfigurationProperties(AcceptedOrderProperties.class)
class AcceptedOrderBounds {

    private final Orders orders;
    private final AcceptedOrderProperties properties;
    private final Clock clock;

    AcceptedOrderBounds(Orders orders, AcceptedOrderProperties properties, Clock clock) {
        this.orders = orders;
        this.properties = properties;
        this.clock = clock;
    }

    /** How long {@code caller} waits before one more order of it for the account is accepted; empty when now. */
    Optional<Duration> waitBeforeNextOfCaller(String caller, String accountId) {
        if (properties.perCaller() <= 0) {
            return Optional.empty(); // no bound: an operator switched it off
        }
        Instant now = clock.instant();
        // the order that must leave the window before one more fits: the perCaller-th newest in it
        return waitUntilItLeaves(orders.nthNewestPortalOrderBy(caller, accountId,
                now.minus(properties.perCallerWindow()), properties.perCaller()), properties.perCallerWindow(), now);
    }

    /**
     * How long before one more order of the account for {@code email}'s mailbox (of any caller) is accepted; empty when
     * now. Counted per account: counted across accounts, an admin of one account who ordered, and cancelled, twenty
     * made-up users with another account's user's address kept that account from ordering for its own user, again
     * each time the count ran out, told the second by Retry-After.
     */
    Optional<Duration> waitBeforeNextToAddress(String accountId, String email) {
        if (properties.perAddress() <= 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return waitUntilItLeaves(orders.nthNewestPortalOrderTo(accountId, email,
                now.minus(properties.perAddressWindow()), properties.perAddress()), properties.perAddressWindow(), now);
    }

    private static Optional<Duration> waitUntilItLeaves(Optional<Instant> mustLeave, Duration window, Instant now) {
        return mustLeave.map(acceptedAt -> {
            Duration wait = Duration.between(now, acceptedAt.plus(window));
            return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
        });
    }
}
