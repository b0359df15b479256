package io.extauth.messaging.outbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A write that nothing later in its transaction reads, sent with the transaction's {@code COMMIT} instead of on its
 * own: under the kit's {@link OutboxCommitTransactionManager} the transaction's writes of this kind, its outbox's rows
 * and {@code COMMIT} go to the database as one statement, in one round trip, when it commits.
 * <p>
 * What changes for the caller is only when the write runs. It runs after every statement the transaction sends
 * itself, so a later read in the same transaction does not see it, and a write that fails (a constraint) fails the
 * commit: the transaction is rolled back whole, its outbox's rows with it, and the caller gets the
 * {@code DataAccessException} from the commit instead of from this call. Writes of one transaction run in the order
 * they were made, before the outbox's rows when they were made before its first event. A write made in a nested
 * scope (a savepoint) that is rolled back still runs, as the outbox's rows do. Under any other transaction manager,
 * outside a transaction, or once the commit's statement was sent (from an {@code afterCommit} callback), the write
 * runs at once, as {@link JdbcTemplate#update(String, Object...)}.
 */
public final class AtCommit {

    private AtCommit() {
    }

    /**
     * {@code sql} with {@code args}, bound as {@link JdbcTemplate#update(String, Object...)} binds them, run with the
     * current transaction's commit. {@code sql} may be a statement that answers with rows (a check of what it changed
     * that raises an error to roll the transaction back); the rows are not read. Rows of variable width (text) may
     * make the driver wait for them before it sends the next part: a round trip of their own.
     */
    public static void update(JdbcTemplate jdbc, String sql, @Nullable Object @Nullable ... args) {
        DataSource dataSource = jdbc.getDataSource();
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !OutboxCommitTransactionManager.commitRunsLastStatement(dataSource)) {
            jdbc.execute(sql, (PreparedStatement ps) -> {
                new Write(dataSource, sql, args).bind(ps, 1);
                return ps.execute();
            });
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new Write(dataSource, sql, args));
    }

    /** One write, waiting for its transaction's commit. */
    private static final class Write implements StatementAtCommit {

        private final @Nullable DataSource dataSource;
        private final String sql;
        private final List<@Nullable Object> args;
        private boolean ran;

        Write(@Nullable DataSource dataSource, String sql, @Nullable Object @Nullable [] args) {
            this.dataSource = dataSource;
            this.sql = sql;
            this.args = args == null ? List.of() : Arrays.asList(args.clone());
        }

        @Override
        public @Nullable DataSource dataSource() {
            return dataSource;
        }

        @Override
        public boolean pending() {
            return !ran;
        }

        @Override
        public String sql() {
            return sql;
        }

        @Override
        public int bind(PreparedStatement ps, int first) throws SQLException {
            for (int i = 0; i < args.size(); i++) {
                // as JdbcTemplate's ArgumentPreparedStatementSetter binds an argument
                Object arg = args.get(i);
                if (arg instanceof SqlParameterValue typed) {
                    StatementCreatorUtils.setParameterValue(ps, first + i, typed, typed.getValue());
                } else {
                    StatementCreatorUtils.setParameterValue(ps, first + i, SqlTypeValue.TYPE_UNKNOWN, arg);
                }
            }
            return args.size();
        }

        @Override
        public void ran() {
            ran = true;
        }

        /** SQL only: the values may be secrets (a code's hash). */
        @Override
        public String toString() {
            return "AtCommit[" + sql + "]";
        }
    }
}
