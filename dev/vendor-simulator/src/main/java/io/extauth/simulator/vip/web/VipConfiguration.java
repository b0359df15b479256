package io.extauth.simulator.vip.web;

import java.time.Clock;

import io.extauth.simulator.SimulatorProperties;
import io.extauth.simulator.vip.VipTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VipConfiguration {

    @Bean
    VipTokens vipTokens(SimulatorProperties properties, Clock clock) {
        return new VipTokens(properties.vip().seed(), clock);
    }
}
