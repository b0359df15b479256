package io.extauth.simulator;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page, where a failure no handler answered ends up (an exception nobody caught, a
 * {@code sendError}, as Tomcat's for a {@code TRACE}), answers a problem as every other error does, in place of Spring
 * Boot's {@code {"timestamp":…,"path":…}} JSON or its whitelabel page. It says nothing of the failure itself, which
 * the container logs. Asked for directly, it is a path like any unknown one.
 */
@Controller
class SimulatorErrorPage implements ErrorController {

    @RequestMapping("${spring.web.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return; // the error page is included in an answer already under way: nothing can be said
        }
        response.resetBuffer();
        if (request.getDispatcherType() == DispatcherType.REQUEST) {
            ProblemJson.write(response, ProblemJson.ABOUT_BLANK, HttpStatus.NOT_FOUND, null, "There is no "
                    + "endpoint " + request.getMethod() + " " + request.getRequestURI() + "; the endpoints are listed "
                    + "in /v3/api-docs (Swagger UI: /swagger-ui.html).");
            return;
        }
        HttpStatus status = statusOf(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        // an error dispatch is a GET (Servlet 6.1): the request's own method and path are kept in attributes
        String endpoint = (request.getAttribute(RequestDispatcher.ERROR_METHOD) instanceof String method ? method
                : request.getMethod()) + " "
                + (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri
                        : request.getRequestURI());
        ProblemJson.write(response, ProblemJson.ABOUT_BLANK, status, null, status.is5xxServerError()
                ? "The simulator failed unexpectedly at " + endpoint + " and logged the failure; whether the request "
                        + "took effect is not known: read what it would have changed before sending it again."
                : "The request " + endpoint + " was refused: " + status.getReasonPhrase() + ".");
    }

    /** The status the container's error dispatch carries; a missing or non-error one is a 500. */
    private static HttpStatus statusOf(@Nullable Object code) {
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
