package io.extauth.simulator;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * The host's error report, for what Tomcat refuses before the request reaches Spring MVC (a request line or a path it
 * cannot parse, such as {@code %2F} or {@code |} in it, headers over its limit, a body's framing it cannot trust): a
 * problem like every other error, in place of Tomcat's HTML page. It reports only where nothing was written yet, as
 * Tomcat's own does. The services' is the same (service-kit's {@code ProblemReportValve}); the simulator does not
 * depend on the service kit. Public: Tomcat's host makes one by its class name where it finds none.
 */
public final class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean writable = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
        if (!writable.get()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String detail = status.is5xxServerError() ? "The simulator failed unexpectedly and logged the failure."
                : status == HttpStatus.BAD_REQUEST ? "The request was refused before it reached the simulator: its "
                        + "request line (an encoded / or a character not allowed in a path), a header, the size of its "
                        + "headers or its framing is not one the server accepts."
                : "The request was refused by the server: " + status.getReasonPhrase() + ".";
        try {
            response.setContentType(ProblemJson.CONTENT_TYPE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemJson.of(ProblemJson.ABOUT_BLANK, status, null, detail));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the caller is gone or the answer is under way: nothing more can be said, as in Tomcat's own report
        }
    }
}
