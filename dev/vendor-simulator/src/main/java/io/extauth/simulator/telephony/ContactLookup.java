package io.extauth.simulator.telephony;

import java.time.Instant;
import java.util.Optional;

/** Calls, SMS or pushes found by the reference their sender gave (a challenge or verification id). */
public interface ContactLookup {

    /** A contact as the gateway tracks it: its kind ({@code CALL}, {@code SMS}, {@code PUSH}), id and status. */
    record ContactState(String kind, String id, String reference, String status) {
    }

    /** The contact placed for {@code reference}, as it is at {@code now}; empty when there is none. */
    Optional<ContactState> byReference(String reference, Instant now);
}
