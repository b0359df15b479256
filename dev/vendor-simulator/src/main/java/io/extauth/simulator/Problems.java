package io.extauth.simulator;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problem details with a machine-readable {@code code} next to the human {@code detail}. */
public final class Problems {

    private Problems() {
    }

    public static ErrorResponseException problem(HttpStatus status, String code, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setProperty("code", code);
        return new ErrorResponseException(status, body, null);
    }

    /** A 400 {@code INVALID_REQUEST} naming the request parameter that is wrong, as an invalid body's fields are. */
    public static ErrorResponseException invalid(String field, String message) {
        ErrorResponseException invalid = problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST",
                "The request has invalid parameters: see errors.");
        invalid.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return invalid;
    }
}
