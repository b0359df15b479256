package io.extauth.simulator;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Problem details for every error; invalid request bodies also name each field and what is wrong with it. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        ex.getBody().setDetail("The request body has invalid fields: see errors.");
        ex.getBody().setProperty("code", "INVALID_REQUEST");
        ex.getBody().setProperty("errors", errors);
        return handleExceptionInternal(ex, null, headers, status, request);
    }

    @ExceptionHandler
    @Nullable ResponseEntity<Object> handleStateConflict(StateConflict conflict, WebRequest request) {
        ErrorResponseException problem = Problems.problem(HttpStatus.CONFLICT, conflict.code(), conflict.getMessage());
        return handleExceptionInternal(problem, null, new HttpHeaders(), HttpStatus.CONFLICT, request);
    }
}
