package io.extauth.challenge;

import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.UserFactors;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=UserFactorsCpuProbe}): the CPU the
 * calling thread spends on the two {@code user_factor} statements every factor event of the event path makes (the row
 * created or locked, then saved), against the embedded PostgreSQL, over many warm calls. Prints its numbers;
 * {@code -Dprobe.jfr=file.jfr} also records the warm rounds with JFR's profile settings.
 */
class UserFactorsCpuProbe extends IntegrationTestBase {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Autowired
    UserFactors factors;

    @Autowired
    DataSource dataSource;

    /**
     * Reading one fetched 22-column {@code user_factor} row (the SELECT list of {@code UserFactors}) the way the event
     * path did (each column by name) and the way it does now (by position), alternating, on one connection: only the
     * reading is timed, a result set per query as in the repository (the driver builds its name index per result).
     */
    @Test
    void cpuPerRowReadByNameAndByPosition() throws Exception {
        int queries = Integer.getInteger("probe.calls", 20_000);
        factors.lockOrCreate(accountId, userId, Instant.now());
        String select = "SELECT " + String.join(", ", NAMES) + " FROM user_factor WHERE account_id = ? AND user_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(select)) {
            statement.setString(1, accountId);
            statement.setString(2, userId);
            for (int round = 0; round <= 6; round++) {
                long byName = 0;
                long byPosition = 0;
                for (int i = 0; i < queries; i++) {
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        long start = THREADS.getCurrentThreadCpuTime();
                        if (i % 2 == 0) {
                            readByName(rs);
                            byName += THREADS.getCurrentThreadCpuTime() - start;
                        } else {
                            readByPosition(rs);
                            byPosition += THREADS.getCurrentThreadCpuTime() - start;
                        }
                    }
                }
                if (round > 0) {
                    System.out.printf("PROBE round %d: one row read by name %.2f us, by position %.2f us CPU (%d each)%n",
                            round, byName / 1000.0 / (queries / 2), byPosition / 1000.0 / (queries / 2), queries / 2);
                }
            }
        }
    }

    private static final List<String> NAMES = List.of("account_id", "user_id", "state", "type", "order_id",
            "credential_id", "method", "primary_phone", "primary_country_code", "primary_extension", "secondary_phone",
            "secondary_country_code", "secondary_extension", "pin_hash", "consecutive_failures", "locked_until",
            "activation_failures", "settings_status", "activation_locked_until", "last_failure_at",
            "fraud_reported_at", "version");

    private static long readByName(ResultSet rs) throws SQLException {
        long sink = 0;
        for (String name : NAMES) {
            sink += switch (name) {
                case "consecutive_failures", "activation_failures" -> rs.getInt(name);
                case "version" -> rs.getLong(name);
                case "locked_until", "activation_locked_until", "last_failure_at", "fraud_reported_at" ->
                        rs.getTimestamp(name) == null ? 0 : 1;
                default -> rs.getString(name) == null ? 0 : 1;
            };
        }
        return sink;
    }

    private static long readByPosition(ResultSet rs) throws SQLException {
        long sink = 0;
        for (int i = 0; i < NAMES.size(); i++) {
            sink += switch (NAMES.get(i)) {
                case "consecutive_failures", "activation_failures" -> rs.getInt(i + 1);
                case "version" -> rs.getLong(i + 1);
                case "locked_until", "activation_locked_until", "last_failure_at", "fraud_reported_at" ->
                        rs.getTimestamp(i + 1) == null ? 0 : 1;
                default -> rs.getString(i + 1) == null ? 0 : 1;
            };
        }
        return sink;
    }

    @Test
    void cpuPerLockOrCreateAndSave() throws Exception {
        String jfr = System.getProperty("probe.jfr");
        Recording recording = jfr == null ? null : new Recording(Configuration.getConfiguration("profile"));
        int calls = Integer.getInteger("probe.calls", 20_000);
        Instant now = Instant.now();
        for (int round = 0; round <= 5; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            long startUser = THREADS.getCurrentThreadUserTime();
            for (int i = 0; i < calls; i++) {
                UserFactor factor = factors.lockOrCreate(accountId, userId, now);
                factors.save(factor, now);
            }
            if (round == 0 && recording != null) {
                recording.start();
            }
            if (round > 0) {
                System.out.printf("PROBE round %d: lockOrCreate + save %.1f us CPU on the caller, %.1f us of it in user "
                        + "mode (%d)%n", round, (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / calls,
                        (THREADS.getCurrentThreadUserTime() - startUser) / 1000.0 / calls, calls);
            }
        }
        if (recording != null) {
            recording.dump(Path.of(jfr));
            recording.close();
        }
    }
}
