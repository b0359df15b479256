package io.extauth.service.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The data source the services see with channel sockets: an interrupted thread is refused before the pool is asked. */
class InterruptedCallerGuardUnitTest {

    private final CountingPool pool = new CountingPool();
    private final InterruptedCallerGuard guard = new InterruptedCallerGuard(pool);

    @Test
    void aThreadThatIsNotInterruptedGetsThePoolsConnection() throws Exception {
        assertThat(guard.getConnection()).isNotNull();
        assertThat(pool.asked.get()).isEqualTo(1);
    }

    @Test
    void anInterruptedThreadIsRefusedWithoutThePoolBeingAskedAndKeepsItsInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(guard::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("interrupted");
            assertThatThrownBy(() -> guard.getConnection("user", "secret"))
                    .isInstanceOf(SQLTransientConnectionException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is the thread's to handle").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(pool.asked.get()).isZero();
    }

    @Test
    void closingItClosesThePool() throws Exception {
        guard.close();

        assertThat(pool.closed).isTrue();
    }

    /** A pool that counts what it is asked, hands out a connection that does nothing, and can be closed. */
    private static final class CountingPool implements DataSource, AutoCloseable {

        final AtomicInteger asked = new AtomicInteger();
        boolean closed;

        @Override
        public Connection getConnection() {
            asked.incrementAndGet();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> null);
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public @Nullable PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(@Nullable PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
