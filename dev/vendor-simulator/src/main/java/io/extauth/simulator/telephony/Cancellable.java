package io.extauth.simulator.telephony;

import java.time.Instant;

/** Calls, SMS or pushes that the service which placed them can withdraw by their reference. */
public interface Cancellable {

    /** Cancels those with {@code reference} still open at {@code now}; returns how many. */
    int cancel(String reference, Instant now);
}
