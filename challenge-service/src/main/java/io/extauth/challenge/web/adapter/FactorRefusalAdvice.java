package io.extauth.challenge.web.adapter;

import io.extauth.challenge.factor.FactorRefusal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The web edge of the factor's refusals: each reason is a 409 problem whose type names it. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class FactorRefusalAdvice {

    @ExceptionHandler(FactorRefusal.class)
    ErrorResponseException refused(FactorRefusal refusal) {
        return Problems.conflict(refusal.reason().code(), refusal.getMessage());
    }
}
