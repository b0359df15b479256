package io.extauth.order.intake.adapter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many orders {@code POST /api/orders} accepts ({@code extauth.orders.accepted.*}). Every accepted order makes a
 * vendor user and a provisioning mail, and the provisioning and mail queues serve all accounts first come, first
 * served: without a bound one account's admin, or the portal's token, could order for users u1..u100000 of its account,
 * each with one victim's address, and hold up every other account's mail. Counted per token {@code sub} and account,
 * as the promo misses are, so that one account's orders never hold up another's through the portal's one token; and
 * per address across all accounts, so that no number of callers floods one mailbox. Billing's topic is a trusted
 * upstream system and is not bounded. Requests at once are not counted one after the other: a burst may pass a bound by
 * at most as many orders as were decided at the same time.
 *
 * @param perCaller orders accepted per caller and account in {@code perCallerWindow}; 0 switches the bound off. An
 *     admin onboarding a company orders for all its users in an afternoon: the default leaves room for that
 * @param perCallerWindow the sliding window of {@code perCaller}
 * @param perAddress orders of one account accepted for one mailbox (an e-mail address, its case and a {@code +tag}
 *     ignored) from every caller in {@code perAddressWindow}; 0 switches the bound off
 * @param perAddressWindow the sliding window of {@code perAddress}
 */
@ConfigurationProperties("extauth.orders.accepted")
public record AcceptedOrderProperties(
        @DefaultValue("500") int perCaller,
        @DefaultValue("1h") Duration perCallerWindow,
        @DefaultValue("20") int perAddress,
        @DefaultValue("24h") Duration perAddressWindow) {
}
