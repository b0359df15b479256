package io.extauth.service.problem;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Problems every service raises the same way: refused access and field errors the caller can fix. */
@RestControllerAdvice
public class ProblemsAdvice {

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(FieldProblemsException.class)
    ProblemDetail fieldProblems(FieldProblemsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(URI.create("https://extauth.io/problems/" + e.type()));
        problem.setProperty("errors", e.errors());
        return problem;
    }

    /** One problem with one field: which, a stable code, and what to do about it. */
    public record FieldError(String field, String code, String message) {
    }

    /** Raised with every problem of a request at once. */
    public static class FieldProblemsException extends RuntimeException {

        private final HttpStatus status;
        private final String type;
        private final List<FieldError> errors;

        public FieldProblemsException(HttpStatus status, String type, String detail, List<FieldError> errors) {
            super(detail);
            this.status = status;
            this.type = type;
            this.errors = List.copyOf(errors);
        }

        public HttpStatus status() {
            return status;
        }

        public String type() {
            return type;
        }

        public List<FieldError> errors() {
            return errors;
        }

        public Map<String, Object> asMap() {
            return Map.of("status", status.value(), "errors", errors);
        }
    }
}
