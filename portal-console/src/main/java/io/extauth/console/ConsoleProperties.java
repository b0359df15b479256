package io.extauth.console;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code extauth.console.*}; the defaults live in {@code portal-console.properties}.
 *
 * @param orderServiceUrl        order-service's base URL; no default: the console refuses to start without it
 * @param challengeServiceUrl    challenge-service's base URL; no default
 * @param notificationServiceUrl notification-service's base URL; no default
 * @param connectTimeout         connect timeout of every call to a service (default 2 s)
 * @param readTimeout            read timeout of every call to a service (default 10 s)
 * @param pollInterval           how often a screen asks again while a call rings or a login is decided (default 1 s)
 * @param devSignIn              the dev-only sign-in; off unless its private key file is set
 */
@ConfigurationProperties("extauth.console")
public record ConsoleProperties(@Nullable URI orderServiceUrl, @Nullable URI challengeServiceUrl,
        @Nullable URI notificationServiceUrl, Duration connectTimeout, Duration readTimeout, Duration pollInterval,
        DevSignIn devSignIn) {

    public ConsoleProperties {
        require(orderServiceUrl, "order-service-url", "http://127.0.0.1:8081");
        require(challengeServiceUrl, "challenge-service-url", "http://127.0.0.1:8083");
        require(notificationServiceUrl, "notification-service-url", "http://127.0.0.1:8084");
    }

    private static void require(@Nullable URI url, String name, String example) {
        if (url == null) {
            throw new IllegalStateException("extauth.console." + name + " must be set to the service's base URL, e.g. "
                    + example);
        }
    }

    /**
     * The dev sign-in: signs its own tokens with the local stack's private key. Only the local stack sets
     * {@code privateKeyFile}; without it the sign-in page says so and no token is ever minted.
     *
     * @param privateKeyFile the local stack's {@code jwt-private.pem} (PKCS#8); unset (the default): dev sign-in off
     * @param issuer         the {@code iss} the services expect (default {@code extauth-local})
     * @param audience       the {@code aud} the services expect (default {@code extauth})
     * @param tokenTtl       how long one minted token lives (default 1 h; the services refuse more than 24 h)
     */
    public record DevSignIn(@Nullable Path privateKeyFile, String issuer, String audience, Duration tokenTtl) {

        public boolean enabled() {
            return privateKeyFile != null;
        }
    }
}
