package io.extauth.simulator;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Problem details for every error; invalid request bodies also name each field and what is wrong with it. Spring's
 * own words for a body it cannot read ("Failed to read request"), a query parameter of the wrong type and a path no
 * endpoint serves ("No static resource") are replaced by ones that say what to change.
 */
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

    /**
     * The field and where in the body, never the text the caller sent: a body built by hand may carry a PIN or a
     * code, which no answer repeats.
     */
    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException json = jsonCause(ex);
        String field = json == null ? "(body)" : field(json);
        String message = json == null ? "is missing or unreadable: send one JSON object"
                : json instanceof MismatchedInputException mismatch ? "must be " + kind(mismatch.getTargetType())
                : "is not valid JSON" + where(json.getLocation());
        ErrorResponseException invalid = Problems.invalid(field, message);
        invalid.getBody().setDetail("The request body is not one JSON object this endpoint reads (Content-Type "
                + "application/json): see errors.");
        return handleExceptionInternal(invalid, null, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() == null ? "(parameter)" : ex.getPropertyName();
        ErrorResponseException invalid = Problems.invalid(field, "must be " + kind(ex.getRequiredType()));
        return handleExceptionInternal(invalid, null, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String endpoint = request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
                : "at " + ex.getResourcePath();
        // no code: the server's answer, not the vendor's (ProblemBodies)
        ErrorResponseException noSuchPath = new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no endpoint " + endpoint
                        + "; the endpoints are listed in /v3/api-docs (Swagger UI: /swagger-ui.html)."), null);
        return handleExceptionInternal(noSuchPath, null, headers, HttpStatus.NOT_FOUND, request);
    }

    @ExceptionHandler
    @Nullable ResponseEntity<Object> handleStateConflict(StateConflict conflict, WebRequest request) {
        ErrorResponseException problem = Problems.problem(HttpStatus.CONFLICT, conflict.code(), conflict.getMessage());
        return handleExceptionInternal(problem, null, new HttpHeaders(), HttpStatus.CONFLICT, request);
    }

    private static @Nullable JacksonException jsonCause(HttpMessageNotReadableException ex) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json) {
                return json;
            }
        }
        return null;
    }

    /** The field as the caller wrote it, {@code phones[0].number}; {@code (body)} where the parser named none. */
    private static String field(JacksonException json) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }

    private static String where(@Nullable TokenStreamLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** What a value must be, in JSON's terms, not the Java type behind it. */
    private static String kind(@Nullable Class<?> type) {
        if (type == null) {
            return "a value of another kind";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name()).toList());
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a time in RFC 3339, e.g. 2027-03-01T08:00:00Z";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object";
    }
}
