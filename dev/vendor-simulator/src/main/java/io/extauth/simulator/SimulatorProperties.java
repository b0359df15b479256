package io.extauth.simulator;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code simulator.*}; the defaults live in {@code vendor-simulator.properties}.
 *
 * @param vip             the Symantec VIP stand-in
 * @param callbackSecret  shared secret of the {@code X-Extauth-Signature} header on callbacks
 * @param callbackTimeout connect and read timeout of one callback delivery
 * @param stateFile       where calls, SMS, pushes, users, credentials and used codes are kept across restarts;
 *                        unset (the default): in memory only
 */
@ConfigurationProperties("simulator")
public record SimulatorProperties(Vip vip, String callbackSecret, Duration callbackTimeout, @Nullable Path stateFile) {

    /** @param seed the seed every credential's TOTP secret is derived from */
    public record Vip(String seed) {
    }
}
