package io.extauth.messaging.outbox;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A change of one row that an event is about, as SQL: an {@code UPDATE} or {@code DELETE} by the row's key (and
 * whatever else it must still be, such as a claim's lease token), without a {@code RETURNING} clause, with its values
 * for the statement's parameters. {@link Outbox#changeAndPublish} runs it and stores the event in one statement. The
 * SQL is a constant of the code, never built from values (they go in {@code args}): the outbox keeps the combined
 * statement of each SQL it has seen.
 */
public record Change(String sql, @Nullable Object... args) {

    @Override
    public boolean equals(Object other) {
        return other instanceof Change change && sql.equals(change.sql) && Arrays.equals(args, change.args);
    }

    @Override
    public int hashCode() {
        return 31 * sql.hashCode() + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        // the values may be an e-mail address or a vendor's reference: only how many
        return "Change[" + sql.strip() + ", " + args.length + " values]";
    }
}
