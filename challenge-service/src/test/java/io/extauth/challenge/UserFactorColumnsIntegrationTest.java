package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.database.adapter.SqlRows;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.UserFactors;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.lifecycle.Transition;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link UserFactors} reads every column of a row at its position in the result, in each of its statements: each field
 * comes back as it was saved (every field set, each to a value no other field has), and no column is looked up by its
 * name (the driver's lookup per column and row was a few per cent of the listener threads' CPU).
 */
class UserFactorColumnsIntegrationTest extends IntegrationTestBase {

    private static final Set<Class<?>> WRAPPED = Set.of(Connection.class, Statement.class, PreparedStatement.class,
            CallableStatement.class, ResultSet.class);

    @Autowired
    DataSource dataSource;

    @Test
    void everyStatementReadsEachFieldBackAtItsPositionAndNeverLooksAColumnUpByName() {
        UserFactors factors = new UserFactors(new JdbcTemplate(wrap(DataSource.class, dataSource)));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        UserFactor created = factors.lockOrCreate(accountId, userId, now);
        assertThat(created).isEqualTo(withVersion(UserFactor.none(accountId, userId), created.version()));

        UserFactor saved = factors.save(everyFieldSet(created.version(), now), now);
        assertThat(saved).isEqualTo(everyFieldSet(created.version() + 1, now));
        UserFactor moved = factors.save(saved, new Transition.Moved(LifecycleState.ACTIVE, LifecycleTrigger.LOCK,
                LifecycleState.LOCKED, 0), "a test", now);
        assertThat(moved).isEqualTo(everyFieldSet(saved.version() + 1, now));
        UserFactor expected = moved;

        assertThat(factors.find(accountId, userId)).contains(expected);
        assertThat(factors.lock(accountId, userId)).isEqualTo(expected);
        UUID challengeId = UUID.randomUUID();
        // a decided challenge: the expiry sweep leaves it and its user alone
        jdbc.update("""
                INSERT INTO challenge (id, account_id, user_id, channel, type, status, created_at, expires_at)
                VALUES (?, ?, ?, 'PORTAL', 'PHONEFACTOR', 'SUCCEEDED', now(), now())""",
                challengeId, accountId, userId);
        assertThat(factors.lockOwnerOf(challengeId)).contains(expected);
        SqlRows<Integer> behind = SqlRows.of("SELECT 7", (rs, row) -> rs.getInt(1));
        UserFactors.SignedLocked<Integer> signed = factors.lockOwnerOfSignedThen(challengeId,
                "signature-" + challengeId, now, behind);
        assertThat(signed.signed().firstSeen()).isTrue();
        assertThat(signed.signed().owner()).contains(expected);
        assertThat(signed.then()).containsExactly(7);
        UserFactors.SignedLocked<Integer> replayed = factors.lockOwnerOfSignedThen(challengeId,
                "signature-" + challengeId, now, behind);
        assertThat(replayed.signed().firstSeen()).isFalse();
        assertThat(factors.lockOwnerOfSignedThen(UUID.randomUUID(), "signature-" + UUID.randomUUID(), now, behind)
                .signed().owner()).isEmpty();
        assertThat(factors.lockExpiredLocks(now.plus(Duration.ofDays(1000)), 1000))
                .filteredOn(factor -> factor.userId().equals(userId)).containsExactly(expected);
    }

    /**
     * A locked user with every field set, each to a value of its own (a column read at another's place shows), locked
     * for a year so that the service's own unlocking (on the tests' clock, which other tests move) leaves it alone.
     */
    private UserFactor everyFieldSet(long version, Instant now) {
        return new UserFactor(accountId, userId, LifecycleState.LOCKED, AuthType.PHONEFACTOR, "order-1",
                "credential-2", PhoneFactorMethod.SMS_ONE_TIME_PIN, new UserFactor.Phone("+15551230003", "1", "4"),
                new UserFactor.Phone("+445551230005", "44", "6"), "pin-hash-7", 8, now.plus(Duration.ofDays(365)), 10,
                UserFactor.SETTINGS_INACTIVE, now.plusSeconds(11), now.plusSeconds(12), now.plusSeconds(13),
                now.minusSeconds(14), "order-15", version);
    }

    private static UserFactor withVersion(UserFactor factor, long version) {
        return new UserFactor(factor.accountId(), factor.userId(), factor.state(), factor.type(), factor.orderId(),
                factor.credentialId(), factor.method(), factor.primaryPhone(), factor.secondaryPhone(),
                factor.pinHash(), factor.consecutiveFailures(), factor.lockedUntil(), factor.activationFailures(),
                factor.settingsStatus(), factor.activationLockedUntil(), factor.lastFailureAt(),
                factor.fraudReportedAt(), factor.orderedAt(), factor.cancelledOrderId(), version);
    }

    /**
     * The JDBC object with every connection, statement and result set it hands out wrapped, so that a result set
     * refuses a column named instead of numbered ({@code getString("state")}, {@code findColumn}).
     */
    private static <T> T wrap(Class<T> type, T target) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (type == ResultSet.class && args != null && args.length > 0 && args[0] instanceof String column
                    && (method.getName().startsWith("get") || method.getName().equals("findColumn"))) {
                throw new AssertionError("column " + column + " looked up by name (" + method.getName() + ")");
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return result != null && WRAPPED.contains(method.getReturnType())
                    ? wrap(cast(method.getReturnType()), result) : result;
        }));
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> cast(Class<?> type) {
        return (Class<T>) type;
    }
}
