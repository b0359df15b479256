package io.extauth.challenge.database.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A batched delete: at most a batch per statement, until a statement finds fewer; the rows that match only. */
class BatchedDeleteIntegrationTest {

    private final JdbcTemplate jdbc = new JdbcTemplate(EmbeddedPostgresDefault.shared().getPostgresDatabase());
    private final String table = "batched_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void rows() {
        jdbc.execute("CREATE TABLE " + table + " (n int PRIMARY KEY)");
        jdbc.execute("INSERT INTO " + table + " SELECT generate_series(1, 10)");
    }

    @AfterEach
    void drop() {
        jdbc.execute("DROP TABLE " + table);
    }

    @Test
    void eachStatementDeletesAtMostABatchOfTheRowsThatMatch() {
        BatchedDelete sevenOfTen = BatchedDelete.rowsOf(jdbc, table, "n <= ?", 7);

        assertThat(List.of(sevenOfTen.once(3), sevenOfTen.once(3), sevenOfTen.once(3), sevenOfTen.once(3)))
                .containsExactly(3, 3, 1, 0);
        assertThat(jdbc.queryForList("SELECT n FROM " + table + " ORDER BY n", Integer.class))
                .containsExactly(8, 9, 10);
    }

    @Test
    void allDeletesEveryRowThatMatchesBatchAfterBatch() {
        assertThat(BatchedDelete.rowsOf(jdbc, table, "n <= ?", 7).all(3, 20)).isEqualTo(7);
        assertThat(BatchedDelete.rowsOf(jdbc, table, "n <= ?", 9).all(2, 20)).as("a last batch that is full")
                .isEqualTo(2);

        assertThat(jdbc.queryForList("SELECT n FROM " + table, Integer.class)).containsExactly(10);
    }

    @Test
    void aRunMakesItsShareOfBatchesAndTheNextRunGoesOn() {
        BatchedDelete all = BatchedDelete.rowsOf(jdbc, table, "n <= ?", 10);

        // the timers share one scheduler thread with the challenges' delivery: a run through a backlog of millions
        // held it up for as long as the backlog took
        assertThat(List.of(all.all(2, 3), all.all(2, 3))).containsExactly(6, 4);
        assertThat(jdbc.queryForList("SELECT n FROM " + table, Integer.class)).isEmpty();
    }

    @Test
    void aRunBesideAnotherInstancesDeletesTheRowsTheOtherDoesNotHoldAndDoesNotStopEarly() throws Exception {
        // another instance's batch under way: rows 1 to 3 deleted, not yet committed; it commits 500 ms later
        DataSource dataSource = Objects.requireNonNull(jdbc.getDataSource());
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate("DELETE FROM " + table + " WHERE n <= 3");
            }
            CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    other.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // waiting for the other's rows, finding them gone and deleting none, it took that for the end
            int deleted = BatchedDelete.rowsOf(jdbc, table, "n <= ?", 7).all(3, 20);
            commit.get(10, TimeUnit.SECONDS);

            assertThat(deleted).isEqualTo(4);
        }
        assertThat(jdbc.queryForList("SELECT n FROM " + table + " ORDER BY n", Integer.class))
                .containsExactly(8, 9, 10);
    }

    @Test
    void aRunStopsAtItsDeadlineAfterABatchAndSaysRowsMayBeLeft() {
        BatchedDelete all = BatchedDelete.rowsOf(jdbc, table, "n <= ?", 10);

        assertThat(all.until(3, System.nanoTime())).isEqualTo(new BatchedDelete.Run(3, true));
        assertThat(all.until(3, System.nanoTime() + Duration.ofMinutes(1).toNanos()))
                .isEqualTo(new BatchedDelete.Run(7, false));
        assertThat(jdbc.queryForList("SELECT n FROM " + table, Integer.class)).isEmpty();
    }

    @Test
    void aBatchFindsItsRowsByTheirPlaceNotByReadingTheTable() {
        BatchedDelete sevenOfTen = BatchedDelete.rowsOf(jdbc, table, "n <= ?", 7);

        String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + sevenOfTen.sql(), String.class,
                sevenOfTen.args(3)));

        assertThat(plan).contains("Tid Scan");
    }
}
