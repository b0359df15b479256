package io.extauth.challenge.database.adapter;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two statements sent to PostgreSQL together and answered together: one round trip instead of two. PostgreSQL's
 * driver writes both (one {@code Sync}) before it reads an answer; PostgreSQL runs them one after the other in the
 * transaction, and under READ COMMITTED each takes its own snapshot when it starts. So the second sees everything the
 * first waited for: a read sent behind the statement that locks a user's row sees what the lock's previous holder
 * committed, exactly as if it had been sent after the lock came back. If the first fails, PostgreSQL skips the second
 * and the caller gets the first's error, translated as every {@link JdbcTemplate} error is.
 * <p>
 * One round trip on the wire too, not only in the code: the arguments are sent with their types (see
 * {@link SqlRows}). The driver sends the parts of a statement together unless it fears their answers could fill the
 * socket's buffers before it reads them; it judges that by the rows' widths, which it knows only for a statement it
 * asked PostgreSQL to describe, and it asks that of a statement prepared on the server with an argument of no type (a
 * string, as the services send them, {@code stringtype=unspecified}; a timestamp; a null). A statement so described
 * that answers with a column of variable width ({@code text}) made the driver send the first, wait for its answer,
 * then send the second: two round trips where the code asked for one, for the user's lock and what follows it
 * (issue 14, fiftieth pass). With typed arguments the driver takes each answer to be small, as these are (a few
 * rows), and sends both at once.
 * <p>
 * Use it only where the second statement does not depend on what the first returns, only on its having run.
 */
public final class OneRoundTrip {

    /** What the two statements returned, each in its own list. */
    public record Answers<A, B>(List<A> first, List<B> second) {
    }

    private OneRoundTrip() {
    }

    public static <A, B> Answers<A, B> run(JdbcTemplate jdbc, SqlRows<A> first, SqlRows<B> second) {
        List<@Nullable Object> args = new ArrayList<>(first.args());
        args.addAll(second.args());
        // the semicolon on a line of its own: a first statement that ends in a -- comment does not swallow it
        return Objects.requireNonNull(jdbc.execute(first.sql() + "\n;\n" + second.sql(), (PreparedStatement ps) -> {
            SqlRows.bindTyped(ps, args);
            if (!ps.execute()) {
                throw new IllegalStateException("the first statement returned an update count, not rows: "
                        + first.sql());
            }
            List<A> a = read(ps.getResultSet(), first);
            if (!ps.getMoreResults()) {
                throw new IllegalStateException("the second statement returned an update count, not rows: "
                        + second.sql());
            }
            return new Answers<>(a, read(ps.getResultSet(), second));
        }));
    }

    private static <T> List<T> read(ResultSet rs, SqlRows<T> statement) throws SQLException {
        try (rs) {
            List<T> rows = new ArrayList<>();
            int row = 0;
            while (rs.next()) {
                rows.add(statement.rows().mapRow(rs, row++));
            }
            return rows;
        }
    }
}
