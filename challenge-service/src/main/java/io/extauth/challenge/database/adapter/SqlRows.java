package io.extauth.challenge.database.adapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * One SQL statement that returns rows, its arguments (a {@code null} is SQL {@code NULL}, as for {@link JdbcTemplate})
 * and how its rows are read: for a caller that sends it together with another ({@link OneRoundTrip}). The SQL holds
 * one statement, without a closing semicolon.
 */
public record SqlRows<T>(String sql, List<@Nullable Object> args, RowMapper<T> rows) {

    public SqlRows {
        if (sql.strip().endsWith(";")) {
            throw new IllegalArgumentException("one statement, without its semicolon: " + sql);
        }
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    public static <T> SqlRows<T> of(String sql, RowMapper<T> rows, @Nullable Object... args) {
        return new SqlRows<>(sql, Arrays.asList(args), rows);
    }

    /** Sends it alone: a round trip of its own. */
    public List<T> query(JdbcTemplate jdbc) {
        return jdbc.query(sql, rows, args.toArray());
    }
}
