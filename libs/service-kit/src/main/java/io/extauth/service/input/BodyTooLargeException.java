package io.extauth.service.input;

import java.io.IOException;

/**
 * A request body went past the limit while it was read. An {@link IOException}, so that whatever reads the stream
 * (a message converter, a controller) stops at once; the problem handling answers it with 413.
 */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
