package io.extauth.simulator.telephony.call;

import java.time.Instant;

import io.extauth.simulator.StateConflict;

/** A call as the gateway tracks it. The keys pressed are passed on in the callback, never kept. */
public record Call(String callId, String to, String purpose, String reference, String callbackUrl,
        CallStatus status, Instant placedAt) {

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
        return new Call(callId, to, purpose, reference, callbackUrl, next, placedAt);
    }
}
