package io.extauth.service.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.extauth.messaging.outbox.OutboxCommitTransactionManager;
import io.extauth.testsupport.CuttingProxy;
import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.io.IOException;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a caller is told when the database connection is lost during its request: once the commit was sent, a 503
 * {@code outcome-unknown} (the request may have been done, and here it was); before it, still the 503
 * {@code database-unavailable} that says nothing was done, and nothing was. Real pgjdbc and HikariCP under the kit's
 * transaction manager, through a proxy that closes the connection when the server answers.
 */
class CommitOutcomeProblemIntegrationTest {

    private static final JdbcTemplate DIRECT = new JdbcTemplate(EmbeddedPostgresDefault.shared().getPostgresDatabase());

    private CuttingProxy proxy;
    private HikariDataSource pool;
    private MockMvc mvc;

    @RestController
    static class Rows {

        private final JdbcTemplate jdbc;
        private final TransactionTemplate transactions;

        Rows(HikariDataSource pool) {
            this.jdbc = new JdbcTemplate(pool);
            this.transactions = new TransactionTemplate(new OutboxCommitTransactionManager(pool));
        }

        @PostMapping("/api/rows/{id}")
        void write(@PathVariable String id) {
            transactions.executeWithoutResult(status -> {
                jdbc.update("INSERT INTO problem_rows (id) VALUES (?)", id);
                jdbc.update("INSERT INTO problem_rows (id) VALUES (?)", id + "/second");
            });
        }
    }

    @BeforeAll
    static void table() {
        DIRECT.execute("CREATE TABLE IF NOT EXISTS problem_rows (id text PRIMARY KEY)");
    }

    @BeforeEach
    void throughTheProxy() throws IOException {
        proxy = CuttingProxy.toEmbeddedPostgres();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(proxy.jdbcUrl());
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        mvc = MockMvcBuilders.standaloneSetup(new Rows(pool)).setControllerAdvice(new ProblemsAdvice()).build();
    }

    @AfterEach
    void close() throws IOException {
        pool.close();
        proxy.close();
    }

    @Test
    void aConnectionLostOnceTheCommitWasSentIsA503ThatSaysTheRequestMayHaveBeenDone() throws Exception {
        String id = "committed-" + UUID.randomUUID();
        proxy.cutOnceAfter("COMMIT");

        mvc.perform(post("/api/rows/" + id)).andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.type").value("https://extauth.io/problems/outcome-unknown"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("may have been made")))
                .andExpect(jsonPath("$.retryAfterSeconds").value(2));

        assertThat(proxy.hasCut()).isTrue();
        assertThat(rows(id)).as("the request was done").isEqualTo(1);
        assertThat(rows(id + "/second")).isEqualTo(1);
    }

    @Test
    void aConnectionLostBeforeTheCommitIsStillDatabaseUnavailableAndNothingWasDone() throws Exception {
        String id = "rolled-back-" + UUID.randomUUID();
        proxy.cutOnceAfter("INSERT INTO problem_rows");

        mvc.perform(post("/api/rows/" + id)).andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.type").value("https://extauth.io/problems/database-unavailable"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("nothing of this request was done")));

        assertThat(proxy.hasCut()).isTrue();
        assertThat(rows(id)).as("the insert the server ran, rolled back with its connection").isZero();
    }

    private static int rows(String id) {
        return DIRECT.queryForObject("SELECT count(*) FROM problem_rows WHERE id = ?", Integer.class, id);
    }
}
