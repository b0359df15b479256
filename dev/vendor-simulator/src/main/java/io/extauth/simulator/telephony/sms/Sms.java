package io.extauth.simulator.telephony.sms;

import java.time.Instant;

import io.extauth.simulator.StateConflict;

/** A text message on the user's phone. Replies are passed on in the callback, never kept. */
public record Sms(String smsId, String to, String text, String reference, String callbackUrl, SmsStatus status,
        Instant sentAt) {

    static final String TEXT_NOT_KEPT = "(not kept after the reply)";

    Sms replied() {
        if (status != SmsStatus.SENT) {
            throw new StateConflict("SMS_ALREADY_REPLIED", "SMS " + smsId + " was replied to already. Send a new one.");
        }
        return new Sms(smsId, to, text, reference, callbackUrl, SmsStatus.REPLIED, sentAt);
    }

    /** The message once its text is no longer needed: replied to, so a code it carried is used. */
    Sms withoutText() {
        return new Sms(smsId, to, TEXT_NOT_KEPT, reference, callbackUrl, status, sentAt);
    }

    /** The text may carry a one-time code: never in a log. */
    @Override
    public String toString() {
        return "Sms[smsId=" + smsId + ", to=" + to + ", reference=" + reference + ", status=" + status + "]";
    }
}
