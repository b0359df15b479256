package io.extauth.order.intake.adapter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many promo codes that do not apply a caller of {@code POST /api/orders} may send for one account
 * ({@code extauth.orders.promo-misses.*}): a miss costs nothing (the order is rejected and nothing is kept), so without
 * a bound any account's admin could try codes at the rate of its requests and find the partners' and the coming
 * campaigns'. Counted per token {@code sub} and account: the portal's one token acts for the users of every account,
 * so one account's misses never hold up another's promo orders.
 *
 * @param perCaller codes that did not apply, per caller and account in a window; 0 switches the bound off
 * @param window the sliding window
 */
@ConfigurationProperties("extauth.orders.promo-misses")
public record PromoMissProperties(
        @DefaultValue("10") int perCaller,
        @DefaultValue("1h") Duration window) {
}
