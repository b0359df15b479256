package io.extauth.service.health;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.ClassUtils;

/**
 * A health indicator's answer, remembered for a moment. {@code /actuator/health} and its probes are open to anyone
 * (a load balancer asks without a token), and each answer asked the database twice ({@code db}, {@code clockSkew}),
 * the broker ({@code kafka}, up to 3 s) and in notification-service the mail relay (a connection each): a caller
 * sending them in a loop made every instance do all that per request, held request threads and pool connections, and,
 * while one of them was down, wrote a warning with its stack trace per request. Remembered for {@code ttl}, they are
 * asked at most once per {@code ttl} whatever the rate of requests. Callers that come while one is asked do not ask too
 * and do not wait with it: they take the last answer, or, once the one under way has gone unanswered for
 * {@link #UNANSWERED}, DOWN, saying so (only the very first answer is waited for). Waiting, they held request threads
 * for as long as the slowest component took (the broker's 3 s, the pool's 30 s, a silent mail relay's 5 minutes):
 * a caller without a token opening a dozen connections during an outage took every request thread of the instance,
 * the liveness probe's among them.
 * <p>
 * An indicator is wrapped in a proxy with every interface it has, so that what else it is stays visible by type
 * ({@link ClockSkew} is a {@code MeterBinder} too, whose gauge the alerts read): only {@code health()} is remembered,
 * everything else goes to the indicator.
 */
final class RecentHealth implements InvocationHandler {

    private record Remembered(Health health, long at) {
    }

    /** How long the answer under way may take before the callers that do not wait for it are told DOWN. */
    static final Duration UNANSWERED = Duration.ofSeconds(5);

    private final HealthIndicator indicator;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private volatile @Nullable Remembered last;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile long askingSince;

    RecentHealth(HealthIndicator indicator, Duration ttl, LongSupplier nanoTime) {
        this.indicator = indicator;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** {@code indicator} behind a proxy of all its interfaces that remembers its {@code health()} for {@code ttl}. */
    static HealthIndicator remembered(HealthIndicator indicator, Duration ttl, LongSupplier nanoTime) {
        Class<?>[] interfaces = ClassUtils.getAllInterfaces(indicator);
        return (HealthIndicator) Proxy.newProxyInstance(indicator.getClass().getClassLoader(), interfaces,
                new RecentHealth(indicator, ttl, nanoTime));
    }

    /** Whether {@code bean} is an indicator remembered so. */
    static boolean isRemembered(Object bean) {
        return Proxy.isProxyClass(bean.getClass()) && Proxy.getInvocationHandler(bean) instanceof RecentHealth;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
        if (method.getName().equals("health") && method.getParameterCount() == 0) {
            return health();
        }
        if (method.isDefault() && method.getDeclaringClass() == HealthIndicator.class) {
            // health(includeDetails) and its like: the interface's own body, which asks health() of the proxy
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        try {
            return method.invoke(indicator, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Health health() {
        Remembered known = last;
        if (fresh(known)) {
            return known.health();
        }
        if (known != null) {
            if (!asking.compareAndSet(false, true)) {
                return nanoTime.getAsLong() - askingSince < UNANSWERED.toNanos() ? known.health()
                        : Health.down().withDetail("reason", "the check under way has not answered for "
                                + UNANSWERED.toSeconds() + " s").build();
            }
            try {
                askingSince = nanoTime.getAsLong();
                Health health = indicator.health();
                last = new Remembered(health, nanoTime.getAsLong());
                return health;
            } finally {
                asking.set(false);
            }
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
                return bean instanceof HealthIndicator indicator && !isRemembered(bean) && !ttl.isZero()
                        ? remembered(indicator, ttl, System::nanoTime) : bean;
            }
        };
    }
}
