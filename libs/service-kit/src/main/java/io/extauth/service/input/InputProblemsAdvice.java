package io.extauth.service.input;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import io.extauth.service.problem.ProblemsAdvice.FieldError;
import java.net.URI;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Input refused while it was read, found as the cause of Spring's "not readable": ahead of Spring's own problem
 * handling, which would answer both with a bare 400.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InputProblemsAdvice {

    /** The stable code of a field whose text has a character no service can store. */
    public static final String INVALID_CHARACTER = "INVALID_CHARACTER";

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> bodyTooLarge(BodyTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage()
                + "; no request of this API needs that much");
        problem.setType(URI.create("https://extauth.io/problems/body-too-large"));
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).header(HttpHeaders.CONNECTION, "close")
                .body(problem);
    }

    @ExceptionHandler(UnstorableTextException.class)
    ProblemDetail unstorableText(UnstorableTextException e) {
        String field = field(e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "Field '" + field + "' contains a NUL character");
        problem.setType(URI.create("https://extauth.io/problems/invalid-text"));
        problem.setProperty("errors", List.of(new FieldError(field, INVALID_CHARACTER,
                field + " must not contain the NUL character (\\u0000); remove it")));
        return problem;
    }

    /** The field as the caller wrote it: {@code phones[0].number}. */
    static String field(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }
}
