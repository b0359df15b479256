package io.extauth.challenge.database.adapter;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PGobject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

/**
 * One SQL statement that returns rows, its arguments (a {@code null} is SQL {@code NULL}, as for {@link JdbcTemplate})
 * and how its rows are read: for a caller that sends it together with another ({@link OneRoundTrip}). The SQL holds
 * one statement, without a closing semicolon.
 * <p>
 * Its arguments are sent with their PostgreSQL types, alone ({@link #query}) as with another ({@link #bindTyped}):
 * a {@code String} is {@code text}, not a value PostgreSQL reads as the type its context asks for, as it reads the
 * services' other strings ({@code stringtype=unspecified}). A statement compares a string with a {@code text} column,
 * passes it where {@code text} is taken, or casts it ({@code ?::uuid}); compared with a {@code uuid} column it would
 * fail, with a {@code char(n)} column it would compare as {@code text} (trailing spaces count).
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
        return jdbc.query(sql, ps -> bindTyped(ps, args), rows);
    }

    /**
     * Binds each argument with its PostgreSQL type, so the driver does not ask PostgreSQL to describe the statement
     * ({@link OneRoundTrip}): a {@code String} as {@code text}, a {@link Timestamp} as {@code timestamptz}, a
     * {@link UUID}, an {@code Integer}, a {@code Long} or a {@code Boolean} as itself. Anything else is bound as
     * {@link JdbcTemplate} binds it, untyped for a {@code null}: still right, but the driver then describes the
     * statement, and on that connection keeps waiting between it and the statement sent with it, typed or not.
     */
    static void bindTyped(PreparedStatement ps, List<@Nullable Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            int parameter = i + 1;
            if (arg instanceof String text) {
                PGobject typed = new PGobject();
                typed.setType("text");
                typed.setValue(text);
                ps.setObject(parameter, typed);
            } else if (arg instanceof Timestamp timestamp) {
                ps.setObject(parameter, timestamp.toInstant().atOffset(ZoneOffset.UTC));
            } else if (arg instanceof UUID || arg instanceof Integer || arg instanceof Long || arg instanceof Boolean) {
                ps.setObject(parameter, arg);
            } else {
                StatementCreatorUtils.setParameterValue(ps, parameter, SqlTypeValue.TYPE_UNKNOWN, arg);
            }
        }
    }
}
