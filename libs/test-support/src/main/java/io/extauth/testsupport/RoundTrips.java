package io.extauth.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts a service's database round trips by the thread that makes them (issue 14): every statement prepared or
 * created (the JdbcTemplate makes one per execution) and every commit or rollback that reaches the database (not one
 * after a statement that ended with {@code COMMIT}, as the outbox's does), each kept with its SQL, so that a
 * test can pin what one record, one claimed row or one request costs the database and show which statements they are
 * when the figure moves. {@code @Import} it into the test's context (it wraps the context's DataSource) and
 * {@code @Autowired} it. A round trip is logged just before it is made: once its effect is visible (a committed row),
 * it is in the log.
 */
public class RoundTrips implements BeanPostProcessor {

    /**
     * The consumer threads of the Kafka listener containers, as the messaging kit names them by service and topic
     * ({@code order-service-listener-billing.orders-1}).
     */
    public static final Predicate<String> LISTENERS = name -> name.contains("-listener-");

    private static final Set<String> ROUND_TRIPS = Set.of("prepareStatement", "createStatement", "prepareCall",
            "commit", "rollback");

    /** One round trip: the thread that made it and its SQL ({@code COMMIT}, {@code ROLLBACK} for those). */
    public record RoundTrip(String thread, String sql) {

        @Override
        public String toString() {
            return thread + ": " + sql.replaceAll("\\s+", " ").strip();
        }
    }

    /**
     * Appended to by every statement of the context, read by a test now and then: a copy-on-write list copied its whole
     * log on every statement, so a probe's CPU per operation climbed with the number of statements already made.
     */
    private final Queue<RoundTrip> log = new ConcurrentLinkedQueue<>();

    /** Forgets every round trip so far, and those counted on the wire ({@link NetworkRoundTrips}). */
    public void reset() {
        log.clear();
        NetworkRoundTrips.reset();
    }

    /** The round trips since {@link #reset} of the threads whose name matches, in the order they were made. */
    public List<RoundTrip> of(Predicate<String> threadName) {
        return log.stream().filter(trip -> threadName.test(trip.thread())).toList();
    }

    /**
     * What the threads whose name matches sent to PostgreSQL since {@link #reset}, counted on the wire: no more round
     * trips than {@link #of} counts when the driver sends the statements the code sends together in one. Only for a
     * test whose driver's socket factory is {@link NetworkRoundTrips} (and its {@code prepareThreshold} 1): the
     * factory's count is the JVM's, so elsewhere this is another context's count or empty.
     */
    public List<NetworkRoundTrips.Turn> onTheWire(Predicate<String> threadName) {
        return NetworkRoundTrips.of(threadName);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource ? counting(dataSource) : bean;
    }

    private DataSource counting(DataSource target) {
        return proxy(DataSource.class, target, (method, args) -> {
        }, result -> result instanceof Connection connection ? proxy(Connection.class, connection, (method, args) -> {
            if (ROUND_TRIPS.contains(method.getName()) && !sendsNothing(connection, method.getName())) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text
                        : method.getName().toUpperCase();
                log.add(new RoundTrip(Thread.currentThread().getName(), sql));
            }
        }, r -> r) : result);
    }

    /**
     * A commit or rollback the driver answers without the database: the transaction already ended (a statement that
     * ends with {@code COMMIT}, as the messaging kit's outbox writes) or never began.
     */
    public static boolean sendsNothing(Connection connection, String method) throws SQLException {
        return (method.equals("commit") || method.equals("rollback"))
                && connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
    }

    private interface Before {
        void accept(java.lang.reflect.Method method, Object[] args) throws SQLException;
    }

    private interface After {
        Object apply(Object result);
    }

    private static <T> T proxy(Class<T> type, T target, Before before, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            before.accept(method, args);
            try {
                return after.apply(method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
