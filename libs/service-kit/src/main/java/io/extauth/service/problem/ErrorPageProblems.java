package io.extauth.service.problem;

import io.extauth.service.security.PublicEndpoint;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page, where a failure no handler answered ends up (an unexpected exception, a
 * {@code sendError}), answers an RFC 9457 problem as every other error does, in place of Spring Boot's own JSON. It
 * says nothing of the failure itself (logged where it happened): no message, no exception, no SQL. Asked for
 * directly, it is a path like any unknown one. The services keep Spring Boot's error path, which the filter chain
 * lets through ({@code SecurityAutoConfiguration.ERROR_PATH}).
 */
@Controller
public class ErrorPageProblems implements ErrorController {

    @RequestMapping("${spring.web.error.path:${error.path:/error}}")
    @PublicEndpoint("answers only the error dispatch of a request the filter chain has already let through or "
            + "refused")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return; // the container includes the error page in an answer already under way: nothing can be said
        }
        response.resetBuffer();
        if (request.getDispatcherType() == DispatcherType.REQUEST) {
            ProblemWriter.write(response, HttpStatus.NOT_FOUND, URI.create("https://extauth.io/problems/no-such-path"),
                    "There is no endpoint " + request.getMethod() + " " + request.getRequestURI());
            return;
        }
        HttpStatus status = statusOf(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        ProblemWriter.write(response, status, status.is5xxServerError() ? UNEXPECTED
                : "The request was refused: " + status.getReasonPhrase());
    }

    /** What a failure nobody foresaw tells the caller: that it happened, and that its effect is not known. */
    static final String UNEXPECTED = "The service failed unexpectedly and logged the failure; whether the request "
            + "took effect is not known: read what it would have changed before sending it again";

    /** The status the container's error dispatch carries; a missing or non-error one is a 500. */
    static HttpStatus statusOf(@Nullable Object code) {
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
