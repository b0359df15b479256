package io.extauth.challenge.telephony.adapter;

import io.extauth.challenge.refusal.Refusal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The vendor could not be reached, did not answer in time or gave no verdict: nothing was changed and nothing counted
 * against the user, so the caller may try again (the web edge answers {@code 503 vendor-unavailable} with
 * {@code Retry-After}).
 */
public class VendorUnavailableException extends Refusal {

    /** Seconds the caller is asked to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public VendorUnavailableException(String what, @Nullable Throwable cause) {
        super(Kind.UNAVAILABLE, "vendor-unavailable", what + " is not available right now. Nothing was changed and "
                + "nothing counts against the user; try again in a moment.",
                Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS), (long) RETRY_AFTER_SECONDS);
        if (cause != null) {
            initCause(cause);
        }
    }
}
