package io.extauth.challenge;

import io.extauth.challenge.factor.adapter.PinProperties;
import io.extauth.challenge.factor.adapter.Secrets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's own {@link Secrets}, remembering every secret it hashed, so that a test sees whether a refused
 * request spent a bcrypt (the work a caller could make the service do for nothing).
 */
@TestConfiguration
class HashedSecrets {

    private static final Set<String> HASHED = ConcurrentHashMap.newKeySet();

    @Bean
    @Primary
    Secrets rememberingSecrets(PinProperties properties) {
        return new Secrets(properties) {
            @Override
            public String hash(String secret) {
                HASHED.add(secret);
                return super.hash(secret);
            }
        };
    }

    /** Whether the service hashed {@code secret} since the context started. */
    static boolean hashed(String secret) {
        return HASHED.contains(secret);
    }
}
