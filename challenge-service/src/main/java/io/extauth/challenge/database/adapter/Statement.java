package io.extauth.challenge.database.adapter;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * One SQL statement, its arguments and how its rows are read, for a caller that sends it together with another
 * ({@link OneRoundTrip}). The SQL holds one statement, without a closing semicolon.
 */
public record Statement<T>(String sql, List<?> args, RowMapper<T> rows) {

    public Statement {
        if (sql.strip().endsWith(";")) {
            throw new IllegalArgumentException("one statement, without its semicolon: " + sql);
        }
        args = List.copyOf(args);
    }

    public static <T> Statement<T> of(String sql, RowMapper<T> rows, Object... args) {
        return new Statement<>(sql, List.of(args), rows);
    }

    /** Sends it alone: a round trip of its own. */
    public List<T> query(JdbcTemplate jdbc) {
        return jdbc.query(sql, rows, args.toArray());
    }
}
