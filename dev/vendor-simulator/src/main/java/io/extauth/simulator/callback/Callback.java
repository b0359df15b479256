package io.extauth.simulator.callback;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The JSON the simulator POSTs to a callbackUrl when the user acted on a call, SMS or push, or when an outage of the
 * simulator cut one that was still open ({@code FAILED}).
 *
 * @param kind        CALL, SMS or PUSH
 * @param id          the callId, smsId or pushId
 * @param reference   the opaque reference the caller gave when placing it
 * @param status      ANSWERED or UNANSWERED (CALL), REPLIED (SMS), APPROVED or DENIED (PUSH); FAILED (any kind)
 * @param keys        the keys pressed on an answered call, else null
 * @param text        the text of an SMS reply, else null
 * @param pin         the PIN entered on an approved push, else null
 * @param reportFraud whether a denied push was reported as fraud; false otherwise
 */
// every field always, null or not, as documented: a host application's "leave out nulls" default must not apply
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Callback(Kind kind, String id, String reference, String status, @Nullable String keys,
        @Nullable String text, @Nullable String pin, boolean reportFraud) {

    public enum Kind { CALL, SMS, PUSH }

    public static Callback call(String callId, String reference, String status, @Nullable String keys) {
        return new Callback(Kind.CALL, callId, reference, status, keys, null, null, false);
    }

    public static Callback sms(String smsId, String reference, String text) {
        return new Callback(Kind.SMS, smsId, reference, "REPLIED", null, text, null, false);
    }

    public static Callback push(String pushId, String reference, String status, @Nullable String pin,
            boolean reportFraud) {
        return new Callback(Kind.PUSH, pushId, reference, status, null, null, pin, reportFraud);
    }

    /** The gateway lost the call, SMS or push (an outage): the user can no longer act on it. */
    public static Callback failed(Kind kind, String id, String reference) {
        return new Callback(kind, id, reference, "FAILED", null, null, null, false);
    }

    /** Keys, texts and PINs must never reach a log. */
    @Override
    public String toString() {
        return "Callback[kind=" + kind + ", id=" + id + ", reference=" + reference + ", status=" + status
                + ", reportFraud=" + reportFraud + "]";
    }
}
