package io.extauth.simulator.telephony.push;

import java.time.Instant;

import io.extauth.simulator.StateConflict;
import org.jspecify.annotations.Nullable;

/**
 * A push notification in the user's app. A PIN entered is passed on in the callback, never kept. One sent with
 * {@code expiresAt} can no longer be approved or denied after it ({@link PushStatus#EXPIRED}), nor can one still pending
 * when the simulator stopped ({@link PushStatus#FAILED}: the outage lost it).
 */
public record Push(String pushId, String userId, String accountId, String message, boolean withPin, String reference,
        String callbackUrl, PushStatus status, Instant sentAt, @Nullable Instant expiresAt) {

    /** The push as it is at {@code now}: a pending one past its end is EXPIRED. */
    Push asOf(Instant now) {
        if (status == PushStatus.PENDING && expiresAt != null && now.isAfter(expiresAt)) {
            return new Push(pushId, userId, accountId, message, withPin, reference, callbackUrl, PushStatus.EXPIRED,
                    sentAt, expiresAt);
        }
        return this;
    }

    /** The push after an outage of the gateway: one still pending was lost; any other is as it was. */
    Push droppedAsOf(Instant now) {
        return asOf(now).status() == PushStatus.PENDING
                ? new Push(pushId, userId, accountId, message, withPin, reference, callbackUrl, PushStatus.FAILED,
                        sentAt, expiresAt)
                : this;
    }

    /** The push once the sender withdrew it because its challenge is over: only a pending one changes. */
    Push cancelledAsOf(Instant now) {
        return asOf(now).status() == PushStatus.PENDING
                ? new Push(pushId, userId, accountId, message, withPin, reference, callbackUrl, PushStatus.CANCELLED,
                        sentAt, expiresAt)
                : this;
    }

    Push approved() {
        return pendingUntil(PushStatus.APPROVED);
    }

    Push denied() {
        return pendingUntil(PushStatus.DENIED);
    }

    private Push pendingUntil(PushStatus next) {
        if (status != PushStatus.PENDING) {
            throw new StateConflict("PUSH_NOT_PENDING", "Push " + pushId + " is " + status
                    + "; only a PENDING push can be approved or denied. Send a new one.");
        }
        return new Push(pushId, userId, accountId, message, withPin, reference, callbackUrl, next, sentAt, expiresAt);
    }
}
