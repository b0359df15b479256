package io.extauth.challenge.web.adapter;

import io.extauth.challenge.refusal.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;

/** The web edge of the features' refusals: the kind is the status, the code the type, the facts the properties. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RefusalAdvice {

    private static final Logger log = LoggerFactory.getLogger(RefusalAdvice.class);

    /** A timed-out request's {@code Retry-After}: a pause before asking again, not a promise that its work ended. */
    static final long TIMED_OUT_RETRY_AFTER_SECONDS = 5;

    @ExceptionHandler(Refusal.class)
    ErrorResponseException refused(Refusal refusal) {
        ErrorResponseException problem = Problems.problem(status(refusal.kind()), refusal.code(),
                String.valueOf(refusal.getMessage()), refusal.facts());
        Long retryAfter = refusal.retryAfterSeconds();
        if (retryAfter != null) {
            problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        }
        return problem;
    }

    /**
     * A request whose asynchronous answer (its vendor work, a wait for a free attempt) did not come within
     * {@code spring.mvc.async.request-timeout}: only a database that stalls far longer than the vendors' timeouts gets
     * here. Its work goes on and may still be recorded, so the caller is told what asking again does for each kind of
     * request; Spring's own answer would be a bare {@code 503} with no type and no {@code Retry-After}.
     */
    @ExceptionHandler(AsyncRequestTimeoutException.class)
    ErrorResponseException timedOut(AsyncRequestTimeoutException timeout, HttpServletRequest request) {
        log.warn("{} {} was not answered within the asynchronous request timeout, answered 503; its work goes on",
                request.getMethod(), request.getRequestURI());
        ErrorResponseException problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "request-timed-out",
                "This request was not answered in time, and what it started may still be recorded. A login asked "
                + "again from the same sign-in gets back the challenge it made, if any, and nothing is sent twice; "
                + "before an answer or an activation is sent again, read the challenge or the user's status; a "
                + "phone verification asked again places a new call.",
                Map.of("retryAfterSeconds", TIMED_OUT_RETRY_AFTER_SECONDS));
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(TIMED_OUT_RETRY_AFTER_SECONDS));
        return problem;
    }

    static HttpStatus status(Refusal.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case WRONG_INPUT -> HttpStatus.UNPROCESSABLE_CONTENT;
            case PROOF_REQUIRED -> HttpStatus.FORBIDDEN;
            case LOCKED -> HttpStatus.LOCKED;
            case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }
}
