package io.extauth.challenge.vendor.adapter;

import org.springframework.web.client.RestClientException;

/**
 * A vendor call refused by its {@link CallsInFlight} bound before anything was sent. A {@link RestClientException},
 * so every caller treats it as it treats a vendor that cannot be reached. It carries no stack trace: while a vendor
 * hangs, one is made for every request, and where it was thrown says nothing the message does not.
 */
public final class CallLimitReachedException extends RestClientException {

    CallLimitReachedException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
