package io.extauth.challenge.telephony.adapter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the gateway may take ({@code extauth.vendors.phonefactor.connect-timeout} and {@code read-timeout}); past
 * either, a verification is forgotten, a login challenge ends NOT_DELIVERED (no strike), and the caller gets 503.
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for the gateway's answer to place a call, text or push
 */
@ConfigurationProperties("extauth.vendors.phonefactor")
public record TelephonyTimeouts(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout) {
}
