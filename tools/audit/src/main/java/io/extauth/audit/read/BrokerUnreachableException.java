package io.extauth.audit.read;

import org.jspecify.annotations.Nullable;

/** The broker did not answer in time, or the bootstrap servers cannot be used at all. */
public final class BrokerUnreachableException extends RuntimeException {

    public BrokerUnreachableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
