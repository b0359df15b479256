package io.extauth.simulator.telephony.call;

import java.time.Instant;

import io.extauth.simulator.StateConflict;
import org.jspecify.annotations.Nullable;

/**
 * A call as the gateway tracks it. The keys pressed are passed on in the callback, never kept. A call placed with
 * {@code expiresAt} stops ringing then ({@link CallStatus#EXPIRED}): its challenge is over, answering it would only
 * answer nothing. A call still ringing when the simulator stopped was cut by the outage ({@link CallStatus#FAILED}),
 * and one the caller cancels ({@link CallStatus#CANCELLED}: its challenge was decided another way): neither can be
 * answered. {@code message} is what the call says when it is picked up (none from a caller that sends none).
 */
public record Call(String callId, String to, String purpose, @Nullable String message, String reference,
        String callbackUrl, CallStatus status, Instant placedAt, @Nullable Instant expiresAt) {

    /** The call as it is at {@code now}: a RINGING call past its end is EXPIRED. */
    Call asOf(Instant now) {
        if (status == CallStatus.RINGING && expiresAt != null && now.isAfter(expiresAt)) {
            return withStatus(CallStatus.EXPIRED);
        }
        return this;
    }

    /** The call after an outage of the gateway: one still ringing was cut off; any other is as it was. */
    Call droppedAsOf(Instant now) {
        return asOf(now).status() == CallStatus.RINGING ? withStatus(CallStatus.FAILED) : this;
    }

    /** The call once the caller hung up because its challenge is over: only a ringing one changes. */
    Call cancelledAsOf(Instant now) {
        return asOf(now).status() == CallStatus.RINGING ? withStatus(CallStatus.CANCELLED) : this;
    }

    Call answered() {
        return ringingUntil(CallStatus.ANSWERED);
    }

    Call unanswered() {
        return ringingUntil(CallStatus.UNANSWERED);
    }

    private Call ringingUntil(CallStatus next) {
        if (status != CallStatus.RINGING) {
            throw new StateConflict("CALL_NOT_RINGING", "Call " + callId + " is " + status
                    + "; only a RINGING call can be answered or left unanswered. Place a new call.");
        }
        return withStatus(next);
    }

    private Call withStatus(CallStatus next) {
        return new Call(callId, to, purpose, message, reference, callbackUrl, next, placedAt, expiresAt);
    }
}
