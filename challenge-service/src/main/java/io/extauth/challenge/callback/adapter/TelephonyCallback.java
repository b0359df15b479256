package io.extauth.challenge.callback.adapter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/** What the telephony gateway posts when the user acted on a call, SMS or push. */
@JsonIgnoreProperties(ignoreUnknown = true)
record TelephonyCallback(@Nullable String kind, @Nullable String id, @Nullable String reference,
        @Nullable String status, @Nullable String keys, @Nullable String text, @Nullable String pin,
        boolean reportFraud) {

    /** Keys, texts and PINs never reach a log. */
    @Override
    public String toString() {
        return "TelephonyCallback[" + kind + " " + id + ", reference=" + reference + ", " + status + ", reportFraud="
                + reportFraud + "]";
    }
}
