package io.extauth.service.problem;

import io.extauth.messaging.outbox.CommitOutcomeUnknownException;
import io.extauth.service.security.AccessDenials;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problems every service raises the same way: refused access, field errors the caller can fix, a database that gave
 * way for a moment, and a commit whose answer was lost with its connection.
 */
@RestControllerAdvice
public class ProblemsAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemsAdvice.class);

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, AccessDenials.detail(e));
    }

    @ExceptionHandler(FieldProblemsException.class)
    ProblemDetail fieldProblems(FieldProblemsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(URI.create("https://extauth.io/problems/" + e.type()));
        problem.setProperty("errors", e.errors());
        return problem;
    }

    /**
     * A database blip ({@link DatabaseBlips}) is a 503 the caller may retry, not a 500 that reads as a bug: its
     * transaction was rolled back, so nothing of the request was done. Other data access failures go on as before.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        if (!DatabaseBlips.isBlip(e)) {
            throw e; // rethrown as it came, Spring handles it as if this method did not exist
        }
        log.warn("The database gave way, answered 503: {}: {}", e.getClass().getSimpleName(),
                NestedExceptionUtils.getMostSpecificCause(e).getMessage());
        return tryAgainLater("database-unavailable", "The database did not answer; nothing of this request was done. "
                + "Try again in a moment.");
    }

    /**
     * The connection was lost once the commit was sent ({@link CommitOutcomeUnknownException}): also a 503, but the
     * request may have been done, so the caller is told to look before it repeats it; never "nothing was done".
     */
    @ExceptionHandler(CommitOutcomeUnknownException.class)
    ResponseEntity<ProblemDetail> outcomeUnknown(CommitOutcomeUnknownException e) {
        log.warn("The database connection was lost while a request's changes were committed, answered 503 "
                + "outcome-unknown: {}", NestedExceptionUtils.getMostSpecificCause(e).toString());
        return tryAgainLater("outcome-unknown", "The connection to the database was lost while this request's changes "
                + "were being committed: they may have been made. Read what the request would have changed before "
                + "you send it again, or send it again with the same Idempotency-Key where the operation takes one.");
    }

    private static ResponseEntity<ProblemDetail> tryAgainLater(String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setType(URI.create("https://extauth.io/problems/" + type));
        problem.setProperty("retryAfterSeconds", DatabaseBlips.RETRY_AFTER_SECONDS);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseBlips.RETRY_AFTER_SECONDS)).body(problem);
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
