package io.extauth.service.input;

import org.jspecify.annotations.Nullable;

/**
 * Text a service can keep: PostgreSQL refuses the NUL character in {@code text} ("invalid byte sequence for encoding
 * UTF8: 0x00"), so a NUL anywhere in a request is the caller's mistake to report, never a database error.
 */
public final class StorableText {

    private StorableText() {
    }

    public static boolean isStorable(@Nullable String text) {
        return text == null || text.indexOf('\0') < 0;
    }
}
