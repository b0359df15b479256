package io.extauth.challenge;

import io.extauth.challenge.database.adapter.OneRoundTrip;
import io.extauth.challenge.database.adapter.SqlRows;
import io.extauth.contract.AuthType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=OneRoundTripCpuProbe}): what a
 * lock and the read sent behind it ({@link OneRoundTrip}, as {@code UserFactors.lockThen} sends them) cost in a
 * transaction of their own, with the arguments typed (one round trip) and untyped as before the fiftieth pass (two,
 * once the driver has described the statements), alternating blocks on one connection: the calling thread's CPU, the
 * PostgreSQL backend's ({@code /proc/<pid>/schedstat}) and the wall time per transaction. Prints its numbers. The
 * driver's sockets are the tests' counting ones (IntegrationTestBase), for both alike: past the first 20,000 round
 * trips they only count.
 */
class OneRoundTripCpuProbe extends IntegrationTestBase {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Autowired
    TransactionTemplate transactions;

    @Test
    void cpuPerLockAndReadTypedAndUntyped() throws Exception {
        int calls = Integer.getInteger("probe.calls", 2_000);
        provisioned(AuthType.PHONEFACTOR, null);
        SqlRows<String> lock = SqlRows.of(
                "SELECT user_id FROM user_factor WHERE account_id = ? AND user_id = ? FOR UPDATE",
                (rs, row) -> rs.getString(1), accountId, userId);
        SqlRows<String> read = SqlRows.of("SELECT state FROM user_factor WHERE user_id = ? AND updated_at < ?",
                (rs, row) -> rs.getString(1), userId, Timestamp.from(clock.instant().plusSeconds(3600)));
        for (int round = 0; round <= 6; round++) {
            for (boolean typed : new boolean[] {round % 2 == 0, round % 2 != 0}) {
                int pid = transactions.execute(tx -> jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class));
                long backendStart = backendCpu(pid);
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                long wallStart = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    transactions.executeWithoutResult(tx -> {
                        List<String> answers = typed ? OneRoundTrip.run(jdbc, lock, read).second() : untyped(lock, read);
                        if (answers.size() != 1) {
                            throw new IllegalStateException("read " + answers);
                        }
                    });
                }
                long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
                long wall = System.nanoTime() - wallStart;
                long backend = backendCpu(pid) - backendStart;
                int pidAfter = transactions.execute(tx -> jdbc.queryForObject("SELECT pg_backend_pid()",
                        Integer.class));
                if (round > 0) {
                    System.out.printf("PROBE round %d %s: thread %.1f us, backend %.1f us, wall %.1f us per "
                            + "transaction (%d)%s%n", round, typed ? "typed  " : "untyped", cpu / 1000.0 / calls,
                            backend / 1000.0 / calls, wall / 1000.0 / calls, calls,
                            pid == pidAfter ? "" : " (another connection at the end: backend figure void)");
                }
            }
        }
    }

    /** The two statements as OneRoundTrip sent them before the fiftieth pass: arguments bound as JdbcTemplate binds. */
    private List<String> untyped(SqlRows<String> first, SqlRows<String> second) {
        List<Object> args = new ArrayList<>(first.args());
        args.addAll(second.args());
        // other text than the typed ones: the driver keeps one description per statement text and connection
        return jdbc.execute("/* untyped */ " + first.sql() + "\n;\n/* untyped */ " + second.sql(),
                (PreparedStatement ps) -> {
            new ArgumentPreparedStatementSetter(args.toArray()).setValues(ps);
            ps.execute();
            ps.getResultSet().close();
            ps.getMoreResults();
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        });
    }

    /** The process's CPU time so far, ns (the first field of its schedstat). */
    private static long backendCpu(int pid) throws Exception {
        return Long.parseLong(Files.readString(Path.of("/proc/" + pid + "/schedstat")).split(" ")[0]);
    }
}
