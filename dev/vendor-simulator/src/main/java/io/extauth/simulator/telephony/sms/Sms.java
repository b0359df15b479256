package io.extauth.simulator.telephony.sms;

import java.time.Instant;

import io.extauth.simulator.StateConflict;
import org.jspecify.annotations.Nullable;

/**
 * A text message on the user's phone. Replies are passed on in the callback, never kept. One sent with
 * {@code expiresAt} can no longer be replied to after it ({@link SmsStatus#EXPIRED}), nor can one still waiting for its
 * reply when the simulator stopped ({@link SmsStatus#FAILED}: the outage lost it).
 */
public record Sms(String smsId, String to, String text, String reference, String callbackUrl, SmsStatus status,
        Instant sentAt, @Nullable Instant expiresAt) {

    /** The message as it is at {@code now}: an unanswered one past its end is EXPIRED. */
    Sms asOf(Instant now) {
        if (status == SmsStatus.SENT && expiresAt != null && now.isAfter(expiresAt)) {
            return new Sms(smsId, to, text, reference, callbackUrl, SmsStatus.EXPIRED, sentAt, expiresAt);
        }
        return this;
    }

    /** The message after an outage of the gateway: one still waiting for its reply was lost; any other is as it was. */
    Sms droppedAsOf(Instant now) {
        return asOf(now).status() == SmsStatus.SENT
                ? new Sms(smsId, to, text, reference, callbackUrl, SmsStatus.FAILED, sentAt, expiresAt)
                : this;
    }

    /** The message once the sender withdrew it because its challenge is over: only an unanswered one changes. */
    Sms cancelledAsOf(Instant now) {
        return asOf(now).status() == SmsStatus.SENT
                ? new Sms(smsId, to, text, reference, callbackUrl, SmsStatus.CANCELLED, sentAt, expiresAt)
                : this;
    }

    static final String TEXT_NOT_KEPT = "(not kept after the reply)";

    Sms replied() {
        if (status != SmsStatus.SENT) {
            throw new StateConflict("SMS_ALREADY_REPLIED", "SMS " + smsId + " is " + status
                    + "; only a SENT message can be replied to. Send a new one.");
        }
        return new Sms(smsId, to, text, reference, callbackUrl, SmsStatus.REPLIED, sentAt, expiresAt);
    }

    /** The message once its text is no longer needed: replied to, so a code it carried is used. */
    Sms withoutText() {
        return new Sms(smsId, to, TEXT_NOT_KEPT, reference, callbackUrl, status, sentAt, expiresAt);
    }

    /** The text may carry a one-time code: never in a log. */
    @Override
    public String toString() {
        return "Sms[smsId=" + smsId + ", to=" + to + ", reference=" + reference + ", status=" + status + "]";
    }
}
