package io.extauth.challenge.vendor.adapter;

import org.springframework.web.client.RestClientException;

/**
 * A vendor call refused by its {@link CallsInFlight} bound before anything was sent. A {@link RestClientException},
 * so every caller treats it as it treats a vendor that cannot be reached.
 */
public final class CallLimitReachedException extends RestClientException {

    CallLimitReachedException(String message) {
        super(message);
    }
}
