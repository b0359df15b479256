package io.extauth.service.input;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import io.extauth.service.problem.ProblemsAdvice.FieldError;
import io.extauth.service.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Input refused while it was read, found as the cause of Spring's "not readable": ahead of Spring's own problem
 * handling, which would answer both with a bare 400.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InputProblemsAdvice {

    /** The stable code of a field whose text has a character no service can store. */
    public static final String INVALID_CHARACTER = "INVALID_CHARACTER";
    /** The stable code of a field whose JSON is broken or of the wrong JSON type. */
    public static final String MALFORMED_JSON = "MALFORMED_JSON";
    private static final String MALFORMED_JSON_TYPE = "https://extauth.io/problems/malformed-json";

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

    /**
     * Spring's own answer to a body it cannot read is a bare "Failed to read request". The causes it wraps say
     * more: input refused while read (a NUL), or broken JSON, whose field, line and column the caller
     * needs to find the mistake in a body they may have built by hand.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> notReadable(HttpMessageNotReadableException e) {
        // input refused while read sits deeper in the chain than the JSON error that wraps it: looked for first
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnstorableTextException unstorable) {
                return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(unstorableText(unstorable));
            }
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json) {
                return ResponseEntity.badRequest().body(malformedJson(json));
            }
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body could not be read: send one JSON object with Content-Type application/json.");
        problem.setType(URI.create(MALFORMED_JSON_TYPE));
        return ResponseEntity.badRequest().body(problem);
    }

    private static ProblemDetail malformedJson(JacksonException e) {
        String field = field(e);
        TokenStreamLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String what = what(e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The body is not valid JSON for this request: field '" + field + "'" + where + ": " + what);
        problem.setType(URI.create(MALFORMED_JSON_TYPE));
        problem.setProperty("errors", List.of(new FieldError(field, MALFORMED_JSON,
                "Fix the JSON of " + field + where + ".")));
        return problem;
    }

    /**
     * What is wrong, in the caller's terms: JSON's kinds of value, never the Java types behind them (Jackson's own
     * message named the request's record, {@code io.extauth.order.intake.adapter.OrderController$PortalOrderRequest},
     * a formatter's internals for a date, the read limit's method for a nesting too deep).
     */
    static String what(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        if (e instanceof MismatchedInputException mismatch) {
            if (message.startsWith("Trailing token")) {
                return "there is more after the JSON value: send one JSON object and nothing after it";
            }
            Class<?> target = mismatch.getTargetType();
            if (e instanceof InvalidFormatException invalid && invalid.getValue() instanceof String && target != null
                    && (target.isEnum() || Temporal.class.isAssignableFrom(target))) {
                // the right kind of JSON value, text, not in the form it must have
                return "not a valid " + kind(target);
            }
            // the wrong kind of JSON value (1 or "true" where true or false goes, an array for a text)
            return "expected " + (target == null ? "another kind of value" : kind(target));
        }
        // a syntax error or a read limit: the parser's words, without the names of Java methods or types it quotes,
        // and without the text it quotes from the body (a PIN or a code typed into a body built by hand: the token
        // it could not read, the number out of range), which no answer repeats
        return message.replaceAll("(Unrecognized token) '[^']*'", "$1").replaceAll("(Numeric value) \\([^)]*\\)", "$1")
                .replaceAll(",? from `[^`]*`", "").replaceAll("`[^`]*`", "a value");
    }

    /** A Java type as the JSON value that would have been read into it. */
    private static String kind(@Nullable Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (type == LocalDate.class) {
            return "date, as a string: YYYY-MM-DD";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "time, as a string in RFC 3339 (e.g. 2027-03-01T08:00:00Z)";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        return "JSON object";
    }

    /**
     * An {@code Accept} that admits none of the types the endpoint answers in (ours: JSON, {@link JsonAnswers}; the
     * API documents': their own). Written here, as JSON whatever the header asked for, not through Spring's content
     * negotiation, which would look for a type the header admits to write the problem in and find none.
     */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletResponse response) throws IOException {
        List<MediaType> answered = e.getSupportedMediaTypes().isEmpty() ? JsonAnswers.ANSWERED
                : e.getSupportedMediaTypes();
        ProblemWriter.write(response, HttpStatus.NOT_ACCEPTABLE, "The Accept header admits none of the types this "
                + "endpoint answers in: " + String.join(", ", answered.stream().map(MediaType::toString).toList())
                + " (or send no Accept header)");
    }

    /**
     * A path no endpoint serves (a typo) is a 404 problem that names it, rather than Spring's "No static resource":
     * the caller learns the path is wrong, not that a file is missing.
     */
    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ProblemDetail noSuchPath(HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no endpoint "
                + request.getMethod() + " " + request.getRequestURI() + "; the endpoints are listed in "
                + "/v3/api-docs (Swagger UI: /swagger-ui.html).");
        problem.setType(URI.create("https://extauth.io/problems/no-such-path"));
        return problem;
    }

    /**
     * The field as the caller wrote it: {@code phones[0].number}. A syntax error carries no path of its own; the
     * parser that met it still knows where it was.
     */
    static String field(JacksonException e) {
        String path = pathOf(e);
        if (path.isEmpty() && e instanceof StreamReadException read && read.processor() != null) {
            path = pathOf(read.processor().streamReadContext());
        }
        return path.isEmpty() ? "(body)" : path;
    }

    private static String pathOf(@Nullable TokenStreamContext context) {
        Deque<String> segments = new ArrayDeque<>();
        for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inObject() && at.currentName() != null) {
                segments.addFirst("." + at.currentName());
            } else if (at.inArray()) {
                segments.addFirst("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join("", segments);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** The field as the caller wrote it: {@code phones[0].number}. */
    private static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
