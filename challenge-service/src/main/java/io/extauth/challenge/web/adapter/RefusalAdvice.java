package io.extauth.challenge.web.adapter;

import io.extauth.challenge.refusal.Refusal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The web edge of the features' refusals: the kind is the status, the code the type, the facts the properties. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RefusalAdvice {

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
