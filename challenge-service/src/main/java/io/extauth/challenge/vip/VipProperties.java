package io.extauth.challenge.vip;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Symantec VIP ({@code extauth.simulator.base-url}: the vendor simulator in development and tests). */
@ConfigurationProperties("extauth.simulator")
public record VipProperties(@DefaultValue("http://127.0.0.1:8089") String baseUrl) {
}
