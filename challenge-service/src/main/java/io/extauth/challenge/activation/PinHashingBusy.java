package io.extauth.challenge.activation;

import io.extauth.challenge.refusal.Refusal;
import java.util.Map;

/** A PIN that could not be hashed now: the instance's PIN hashing bound stayed full. Nothing was saved. */
public class PinHashingBusy extends Refusal {

    public PinHashingBusy(long retryAfterSeconds) {
        super(Kind.UNAVAILABLE, "pin-hashing-busy", "Too many PINs are being saved right now. Nothing was saved; "
                + "try again in " + retryAfterSeconds + " s.", Map.of("retryAfterSeconds", retryAfterSeconds),
                retryAfterSeconds);
    }
}
