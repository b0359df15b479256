package io.extauth.challenge.database.adapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A timer's delete of rows nobody needs any more, in statements of at most {@link #BATCH} rows, each committed on its
 * own (outside any transaction), repeated until one deletes fewer or the run has made its share of them. One statement for a whole backlog (after an outage,
 * a timer off for a while, a version that left rows behind) could outlast the driver's socket timeout
 * ({@code extauth.database.socket-timeout}, 60 s): it was cut and rolled back on every run, and never finished. A batch
 * takes milliseconds, and what a cut one leaves, the next run deletes.
 * <p>
 * A batch finds its rows by their place in the table ({@code ctid}, as the inbox's prune does) and deletes them only
 * if they still match: a row changed meanwhile by another transaction is judged again as it now is. It passes over
 * rows another transaction holds ({@code FOR UPDATE SKIP LOCKED}): two instances' runs at once delete different rows,
 * each a whole batch, instead of the second waiting for the first's rows, finding them gone, deleting fewer than a
 * batch and taking that for the end of the backlog.
 */
public final class BatchedDelete {

    /** The most rows one statement deletes: as the inbox's prune, milliseconds through an index. */
    public static final int BATCH = 10_000;

    /**
     * The most statements one run makes (200,000 rows): the timers share the service's few scheduler threads (4) with
     * the delivery of challenges (every second) and the lock and expiry timers, and a run through a backlog of millions
     * held a thread that long; what is left, the next run deletes.
     */
    public static final int BATCHES_PER_RUN = 20;

    private final JdbcTemplate jdbc;
    private final String sql;
    private final List<@Nullable Object> whereArgs;

    private BatchedDelete(JdbcTemplate jdbc, String table, String where, @Nullable Object[] whereArgs) {
        this.jdbc = jdbc;
        this.sql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table + " WHERE " + where
                + " LIMIT ? FOR UPDATE SKIP LOCKED)) AND (" + where + ")";
        this.whereArgs = Arrays.asList(whereArgs.clone());
    }

    /** The rows of {@code table} that match {@code where} (SQL, with {@code whereArgs} for its parameters). */
    public static BatchedDelete rowsOf(JdbcTemplate jdbc, String table, String where,
            @Nullable Object... whereArgs) {
        return new BatchedDelete(jdbc, table, where, whereArgs);
    }

    /**
     * Deletes them, {@link #BATCH} at a time, until a batch finds fewer or {@link #BATCHES_PER_RUN} were made; returns
     * how many in all.
     */
    public int all() {
        return all(BATCH, BATCHES_PER_RUN);
    }

    int all(int batch, int batchesPerRun) {
        int deleted = 0;
        for (int made = 0; made < batchesPerRun && !Thread.currentThread().isInterrupted(); made++) {
            // stopping, or the run's share done: the next run goes on
            int once = once(batch);
            deleted += once;
            if (once < batch) {
                break;
            }
        }
        return deleted;
    }

    /** What a run deleted, and whether it stopped at its time ({@code more}: rows that match may be left). */
    public record Run(int deleted, boolean more) {
    }

    /**
     * Deletes them, {@link #BATCH} at a time, until a batch finds fewer, or {@code deadlineNanos} (of
     * {@link System#nanoTime}) has passed, checked after each batch, so that a run makes one batch at least; or the
     * thread is interrupted (the service stopping).
     */
    public Run until(long deadlineNanos) {
        return until(BATCH, deadlineNanos);
    }

    Run until(int batch, long deadlineNanos) {
        int deleted = 0;
        while (!Thread.currentThread().isInterrupted()) {
            int once = once(batch);
            deleted += once;
            if (once < batch) {
                return new Run(deleted, false);
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                return new Run(deleted, true);
            }
        }
        return new Run(deleted, true);
    }

    /** One statement: deletes at most {@code batch} of them; returns how many. */
    int once(int batch) {
        return jdbc.update(sql, args(batch));
    }

    /** The statement of a batch, {@link #args} its arguments (public for the tests that read its plan). */
    public String sql() {
        return sql;
    }

    public @Nullable Object[] args(int batch) {
        List<@Nullable Object> args = new ArrayList<>(whereArgs);
        args.add(batch);
        args.addAll(whereArgs);
        return args.toArray();
    }
}
