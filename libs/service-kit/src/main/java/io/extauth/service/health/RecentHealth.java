package io.extauth.service.health;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A health indicator's answer, remembered for a moment. {@code /actuator/health} and its probes are open to anyone
 * (a load balancer asks without a token), and each answer asked the database twice ({@code db}, {@code clockSkew}),
 * the broker ({@code kafka}, up to 3 s) and in notification-service the mail relay (a connection each): a caller
 * sending them in a loop made every instance do all that per request, held request threads and pool connections, and,
 * while one of them was down, wrote a warning with its stack trace per request. Remembered for {@code ttl}, they are
 * asked at most once per {@code ttl} whatever the rate of requests, and callers that come while one is asked wait for
 * its answer instead of asking too.
 */
final class RecentHealth implements HealthIndicator {

    private record Remembered(Health health, long at) {
    }

    private final HealthIndicator indicator;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private volatile @Nullable Remembered last;

    RecentHealth(HealthIndicator indicator, Duration ttl, LongSupplier nanoTime) {
        this.indicator = indicator;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Health health() {
        Remembered known = last;
        if (fresh(known)) {
            return known.health();
        }
        synchronized (this) {
            known = last;
            if (fresh(known)) {
                return known.health();
            }
            Health health = indicator.health();
            last = new Remembered(health, nanoTime.getAsLong());
            return health;
        }
    }

    private boolean fresh(@Nullable Remembered known) {
        return known != null && nanoTime.getAsLong() - known.at() < ttlNanos;
    }

    /** Every health indicator of the context, remembered for {@code ttl}; none when it is zero. */
    static BeanPostProcessor everyIndicator(Duration ttl) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof HealthIndicator indicator && !(bean instanceof RecentHealth) && !ttl.isZero()
                        ? new RecentHealth(indicator, ttl, System::nanoTime) : bean;
            }
        };
    }
}
