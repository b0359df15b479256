package io.extauth.challenge.web.adapter;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problems a caller can act on, thrown from adapters and rendered by Spring's problem handling. */
public final class Problems {

    private static final String TYPE_BASE = "https://extauth.io/problems/";

    private Problems() {
    }

    public static ErrorResponseException problem(HttpStatus status, String type, String detail) {
        return problem(status, type, detail, Map.of());
    }

    public static ErrorResponseException problem(HttpStatus status, String type, String detail,
            Map<String, ?> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        properties.forEach(problem::setProperty);
        return new ErrorResponseException(status, problem, null);
    }

    public static ErrorResponseException conflict(String type, String detail) {
        return problem(HttpStatus.CONFLICT, type, detail);
    }

    public static ErrorResponseException notFound(String type, String detail) {
        return problem(HttpStatus.NOT_FOUND, type, detail);
    }
}
