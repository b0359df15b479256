package io.extauth.service.problem;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * The host's error report, for what Tomcat refuses before the request reaches the service (a request line or header
 * it cannot parse, headers over its limit, a body's framing it cannot trust): an RFC 9457 problem like every other
 * error, in place of Tomcat's HTML page. It reports only where nothing was written yet, as Tomcat's own does.
 */
public final class ProblemReportValve extends ErrorReportValve {

    static final String UNKNOWN_TRANSFER_ENCODING = "The request was refused before it reached the service: its "
            + "Transfer-Encoding is not one the server implements (chunked is); nothing was done";

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
        // a 5xx here is the service's failure whose error page could not answer: its effect is not known; but a 501
        // to a request with a Transfer-Encoding is Tomcat's own, for one it does not implement, before the service
        String detail = status == HttpStatus.NOT_IMPLEMENTED && request.getHeader("Transfer-Encoding") != null
                ? UNKNOWN_TRANSFER_ENCODING
                : status.is5xxServerError() ? ErrorPageProblems.UNEXPECTED
                : status == HttpStatus.BAD_REQUEST ? "The request was refused before it reached the service: its "
                        + "request line, a header, the size of its headers or its framing is not one the server accepts"
                : "The request was refused by the server: " + status.getReasonPhrase();
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemWriter.json(status, URI.create("about:blank"), detail));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the caller is gone or the answer is under way: nothing more can be said, as in Tomcat's own report
        }
    }
}
