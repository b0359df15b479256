package io.extauth.challenge;

import io.extauth.testsupport.RoundTrips;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts the database round trips the service's HTTP requests make, on their request threads and on the vendors'
 * threads they hand their vendor calls to ({@code call-<vendor>-<n>}, which record what the vendor answered): every
 * statement prepared or created (the JdbcTemplate makes one per execution) and every commit or rollback that reaches
 * the database (not one after a statement that ended with {@code COMMIT}, as the outbox's does). The timers, pollers
 * and listeners run on their own threads and are not counted, so between {@link #reset()} and {@link #count()} the
 * figure is what the requests themselves cost the database.
 */
@TestConfiguration
class RequestStatements {

    private static final Set<String> ROUND_TRIPS = Set.of("prepareStatement", "createStatement", "prepareCall",
            "commit", "rollback");
    private static final AtomicInteger COUNT = new AtomicInteger();

    static void reset() {
        COUNT.set(0);
    }

    static int count() {
        return COUNT.get();
    }

    @Bean
    static BeanPostProcessor countingRequestStatements() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource ? counting(dataSource) : bean;
            }
        };
    }

    private static DataSource counting(DataSource target) {
        return proxy(DataSource.class, target, method -> {
        }, (method, result) -> result instanceof Connection connection
                ? proxy(Connection.class, connection, m -> {
                    // asked before the call: a commit after a statement that ended with COMMIT sends nothing
                    if (ROUND_TRIPS.contains(m.getName()) && requestWork(Thread.currentThread().getName())
                            && !RoundTrips.sendsNothing(connection, m.getName())) {
                        COUNT.incrementAndGet();
                    }
                }, (m, r) -> r)
                : result);
    }

    private interface Before {
        void accept(Method method) throws SQLException;
    }

    private interface After {
        Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, Before before, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            before.accept(method);
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** A request thread of Tomcat's, or a vendor's thread doing a request's call. */
    static boolean requestWork(String thread) {
        return thread.contains("-exec-") || thread.startsWith("call-");
    }
}
