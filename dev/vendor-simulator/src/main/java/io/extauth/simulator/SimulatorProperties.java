package io.extauth.simulator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code simulator.*}; the defaults live in {@code vendor-simulator.properties}.
 *
 * @param vip             the Symantec VIP stand-in
 * @param callbackSecret  shared secret of the {@code X-Extauth-Signature} header on callbacks
 * @param callbackTimeout connect and read timeout of one callback delivery
 */
@ConfigurationProperties("simulator")
public record SimulatorProperties(Vip vip, String callbackSecret, Duration callbackTimeout) {

    /** @param seed the seed every credential's TOTP secret is derived from */
    public record Vip(String seed) {
    }
}
