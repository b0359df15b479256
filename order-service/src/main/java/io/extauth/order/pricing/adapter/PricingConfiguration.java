package io.extauth.order.pricing.adapter;

import io.extauth.order.pricing.PriceList;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The price list, from configuration. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PricingProperties.class)
class PricingConfiguration {

    @Bean
    PriceList priceList(PricingProperties properties) {
        return properties.priceList();
    }
}
