package io.extauth.challenge.telephony;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The vendor could not be reached or refused: nothing was changed, the caller may try again. */
public class VendorUnavailableException extends ErrorResponseException {

    public VendorUnavailableException(String what, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(what), cause);
    }

    private static ProblemDetail problem(String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                what + " is not available right now. Nothing was changed; try again in a moment.");
        problem.setType(URI.create("https://extauth.io/problems/vendor-unavailable"));
        return problem;
    }
}
