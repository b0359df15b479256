package io.extauth.challenge.telephony.adapter;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The vendor could not be reached, did not answer in time or gave no verdict: nothing was changed and nothing counted
 * against the user, so the caller may try again ({@code 503} with {@code Retry-After}).
 */
public class VendorUnavailableException extends ErrorResponseException {

    /** Seconds the caller is asked to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public VendorUnavailableException(String what, @Nullable Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(what), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
    }

    private static ProblemDetail problem(String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                what + " is not available right now. Nothing was changed and nothing counts against the user; "
                        + "try again in a moment.");
        problem.setType(URI.create("https://extauth.io/problems/vendor-unavailable"));
        problem.setProperty("retryAfterSeconds", RETRY_AFTER_SECONDS);
        return problem;
    }
}
