package io.extauth.simulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code simulator.*}; the defaults live in {@code vendor-simulator.properties}.
 *
 * @param vip             the Symantec VIP stand-in
 * @param callbackSecret  shared secret of the {@code X-Extauth-Signature} header on callbacks: at least 32 bytes, no
 *                        default; without it the simulator refuses to start
 * @param callbackTimeout how long one callback delivery attempt may take from its start, connecting included
 * @param stateFile       where calls, SMS, pushes, users, credentials and used codes are kept across restarts;
 *                        unset (the default): in memory only
 */
@ConfigurationProperties("simulator")
public record SimulatorProperties(Vip vip, String callbackSecret, Duration callbackTimeout, @Nullable Path stateFile) {

    public static final String CALLBACK_SECRET = "simulator.callback-secret";
    private static final int MIN_SECRET_BYTES = 32;

    public SimulatorProperties {
        // like the services: a published or guessable secret would let anyone forge a user's answer
        if (callbackSecret == null || callbackSecret.isBlank() || "dev-callback-secret".equals(callbackSecret.strip())
                || callbackSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(CALLBACK_SECRET + " must be set to a random secret of at least "
                    + MIN_SECRET_BYTES + " bytes (not the old published dev-callback-secret), the same as the services' "
                    + "extauth.vendors.phonefactor.callback-secret; e.g. the output of `openssl rand -hex 32`.");
        }
    }

    @Override
    public String toString() {
        return "SimulatorProperties[vip=" + vip + ", callbackSecret=******, callbackTimeout=" + callbackTimeout
                + ", stateFile=" + stateFile + "]";
    }

    /** @param seed the seed every credential's TOTP secret is derived from */
    public record Vip(String seed) {
    }
}
