package io.extauth.service.input;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection of a request whose body {@link BodyLimitFilter} refused unread, instead of letting Tomcat
 * read ("swallow") the rest of it first to keep the connection alive: a caller who never sends that rest would
 * otherwise hold the request thread until the read timeout after all. Servlets have no way to say so; Tomcat's own
 * aborted uploads use the same action. Where the refusal was a read that timed out, Tomcat has answered it with its
 * own 408 error page; the filter's problem is answered in its place.
 */
final class UnreadBodyValve extends ValveBase {

    UnreadBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.getAttribute(BodyLimitFilter.REFUSED_UNREAD) instanceof BodyLimitFilter.Refusal refusal) {
            if (response.isError() && !response.isCommitted()) {
                response.resetError();
                response.setSuspended(false);
                response.reset();
                refusal.write(response);
            }
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            // that action marks the response in error, which would have the host's error page written over the problem
            response.setErrorReported();
        }
    }
}
