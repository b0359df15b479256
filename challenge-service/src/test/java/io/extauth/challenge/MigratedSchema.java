package io.extauth.challenge;

import io.extauth.testsupport.EmbeddedPostgresDefault;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service's tables without the service: a schema of its own on the embedded PostgreSQL, migrated as the service
 * migrates it, for a test of a repository that needs neither Spring nor Kafka.
 */
public final class MigratedSchema {

    private final String name = "t_" + UUID.randomUUID().toString().replace("-", "");
    private final DriverManagerDataSource dataSource;

    public MigratedSchema() {
        dataSource = new DriverManagerDataSource(
                EmbeddedPostgresDefault.shared().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + name);
        dataSource.setPassword("postgres");
        Flyway.configure().dataSource(dataSource).schemas(name)
                .locations("classpath:db/messaging", "classpath:db/challenge-service").load().migrate();
    }

    /** A template on the schema; {@link Counting#updates} tells each update's rows. */
    public Counting jdbc() {
        return new Counting(dataSource);
    }

    public void drop() {
        new JdbcTemplate(dataSource).execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    /** Counts the rows of each {@code update(sql, args)}, in order: one entry a statement. */
    public static final class Counting extends JdbcTemplate {

        public final List<Integer> updates = new ArrayList<>();

        Counting(DriverManagerDataSource dataSource) {
            super(dataSource);
        }

        @Override
        public int update(String sql, Object... args) {
            int rows = super.update(sql, args);
            updates.add(rows);
            return rows;
        }
    }
}
