package io.extauth.simulator.telephony;

import java.time.Instant;
import java.util.List;

import io.extauth.simulator.callback.Callback;

/** Calls, SMS or pushes that an outage of the gateway cuts: those still open when the simulator stopped. */
public interface CutByOutage {

    /** One contact the outage cut, and the status callback that tells its sender. */
    record Dropped(String callbackUrl, Callback callback) {
    }

    /** Marks every contact still open at {@code stoppedAt} (not past its end then) as FAILED and returns them. */
    List<Dropped> dropOpen(Instant stoppedAt);
}
