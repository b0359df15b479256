package io.extauth.challenge.login.adapter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often a decision is tried when the database gives way ({@code extauth.challenges.database-retry.*}); after
 * the last attempt the caller gets 503 with Retry-After, and nothing counts against the user.
 *
 * @param attempts how many times in all (1: no retry)
 * @param pause    the wait before the second attempt, doubled before each further one
 */
@ConfigurationProperties("extauth.challenges.database-retry")
public record DatabaseRetryProperties(@DefaultValue("3") int attempts, @DefaultValue("200ms") Duration pause) {

    public DatabaseRetryProperties {
        if (attempts < 1 || pause.isNegative()) {
            throw new IllegalArgumentException("extauth.challenges.database-retry needs attempts >= 1 and a pause >= 0");
        }
    }
}
