package io.extauth.order.pricing.adapter;

import io.extauth.contract.AuthType;
import io.extauth.order.pricing.PriceList;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Monthly fees before promos ({@code extauth.pricing.*}); the currency is the one the billing systems bill in.
 *
 * @param symantecVip monthly fee of Symantec VIP
 * @param phonefactor monthly fee of PhoneFactor
 */
@ConfigurationProperties("extauth.pricing")
public record PricingProperties(
        @DefaultValue("4.00") BigDecimal symantecVip,
        @DefaultValue("3.00") BigDecimal phonefactor) {

    public PriceList priceList() {
        return new PriceList(Map.of(AuthType.SYMANTEC_VIP, symantecVip, AuthType.PHONEFACTOR, phonefactor));
    }
}
