package io.extauth.challenge;

import io.extauth.challenge.telephony.adapter.TelephonyGateway;
import io.extauth.challenge.telephony.adapter.VendorUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Faults a test injects into a service instance it starts itself (named as a source of that application only: no
 * annotation, so no component scan picks it up). Armed by the test, each fault fires once and disarms.
 */
final class Faults {

    private static final Set<String> VENDOR_CALLS = Set.of("placeCall", "sendSms", "sendPush");
    private static final AtomicBoolean dieAfterVendorCall = new AtomicBoolean();
    private static final AtomicBoolean dieBeforeVendorCall = new AtomicBoolean();
    private static final AtomicBoolean vendorUnavailable = new AtomicBoolean();
    private static int connectionsLetThrough;
    private static int connectionsToLose;

    private Faults() {
    }

    /** The next call, text or push reaches the vendor, and then the instance dies: nothing after that line runs. */
    static void dieAfterTheNextVendorCall() {
        dieAfterVendorCall.set(true);
    }

    /** The next call, text or push never reaches the vendor: the instance dies just before it (after the commit). */
    static void dieBeforeTheNextVendorCall() {
        dieBeforeVendorCall.set(true);
    }

    /** The next call, text or push finds the vendor unreachable, as the gateway reports a refused connection. */
    static void vendorUnavailableForTheNextCall() {
        vendorUnavailable.set(true);
    }

    /**
     * Of the connections the instance's request threads take from now on, the first {@code letThrough} work and the
     * next {@code lose} have lost their database backend (terminated with {@code pg_terminate_backend}, as a
     * PostgreSQL restart or failover does): their next statement fails.
     */
    static synchronized void loseConnections(int letThrough, int lose) {
        connectionsLetThrough = letThrough;
        connectionsToLose = lose;
    }

    static synchronized void heal() {
        dieAfterVendorCall.set(false);
        dieBeforeVendorCall.set(false);
        vendorUnavailable.set(false);
        connectionsLetThrough = 0;
        connectionsToLose = 0;
    }

    private static synchronized boolean loseThisConnection() {
        if (!Thread.currentThread().getName().startsWith("http-nio")) {
            return false; // timers, relays and consumers of the instance go on as they were
        }
        if (connectionsLetThrough > 0) {
            connectionsLetThrough--;
            return false;
        }
        if (connectionsToLose > 0) {
            connectionsToLose--;
            return true;
        }
        return false;
    }

    /** What a {@code kill -9} around the vendor call leaves behind: no catch block runs. */
    static final class InstanceDied extends Error {

        InstanceDied(String when) {
            super("the instance died " + when);
        }
    }

    @Bean
    static BeanPostProcessor faultInjection() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof TelephonyGateway) {
                    ProxyFactory proxy = new ProxyFactory(bean);
                    proxy.setProxyTargetClass(true);
                    proxy.addAdvice((MethodInterceptor) invocation -> {
                        boolean vendorCall = VENDOR_CALLS.contains(invocation.getMethod().getName());
                        if (vendorCall && dieBeforeVendorCall.compareAndSet(true, false)) {
                            throw new InstanceDied("right before calling the vendor");
                        }
                        if (vendorCall && vendorUnavailable.compareAndSet(true, false)) {
                            throw new VendorUnavailableException("The telephony gateway", null);
                        }
                        Object sent = invocation.proceed();
                        if (vendorCall && dieAfterVendorCall.compareAndSet(true, false)) {
                            throw new InstanceDied("right after the vendor accepted the call");
                        }
                        return sent;
                    });
                    return proxy.getProxy();
                }
                if (bean instanceof DataSource dataSource) {
                    return new LosingDataSource(dataSource);
                }
                return bean;
            }
        };
    }

    private static final class LosingDataSource extends DelegatingDataSource {

        LosingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            if (loseThisConnection()) {
                terminateBackendOf(connection);
            }
            return connection;
        }

        private void terminateBackendOf(Connection connection) throws SQLException {
            int pid;
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (Connection admin = super.getConnection(); Statement statement = admin.createStatement()) {
                // waits until the backend is gone, so the victim's next statement fails for sure
                statement.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
            }
        }
    }
}
