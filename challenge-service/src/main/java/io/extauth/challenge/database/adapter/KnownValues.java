package io.extauth.challenge.database.adapter;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The values of a column this version knows, as an SQL list, for the statements that take many rows at once and
 * leave alone the rows a later version wrote (a method or a type added since, seen during a rolling deploy or after a
 * rollback): mapped here, one such row would fail the statement, and every row taken with it would wait behind it.
 */
public final class KnownValues {

    private KnownValues() {
    }

    /** {@code 'A', 'B', …}: the enum's names, quoted, for {@code column IN (…)}. */
    public static String of(Enum<?>[] values) {
        return Arrays.stream(values).map(value -> "'" + value.name() + "'").collect(Collectors.joining(", "));
    }
}
