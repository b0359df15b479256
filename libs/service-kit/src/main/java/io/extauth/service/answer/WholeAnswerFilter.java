package io.extauth.service.answer;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends each answer whole when its request ends: one write with a {@code Content-Length}, not a chunked answer
 * committed early. Spring MVC flushes the response after it writes a {@code ResponseEntity}'s body (so that its
 * headers go out even without one), and a flush before the end commits the answer without knowing its length: Tomcat
 * then sends it chunked, the head and body in one write and the closing chunk in a second, and the caller reads two
 * packets for one answer (issue 14: every login's {@code 201}, every problem answer). A flush of the whole response
 * ({@link HttpServletResponse#flushBuffer()}) is therefore left to the end of the request, where the container writes
 * the answer with its length. An answer larger than the container's buffer still leaves as the buffer fills,
 * chunked, as before.
 *
 * <p>What this rests on. Only {@code flushBuffer()} is held: a flush of the body's stream is not, and Spring MVC's
 * message converters write through a stream that does not flush ({@code ServletServerHttpResponse#getBody()}, unless
 * {@code spring.http.response.flush.enabled} is set). No answer of the services streams (an emitter's flushes would
 * wait for the buffer to fill; {@code ServiceArchitecture.answersAreWhole} keeps them out). Since nothing is
 * committed before the end, an exception after a handler has written its answer can still turn it into a problem
 * answer, as an exception before the write would.
 *
 * <p>Wrapped on the request's first dispatch and on an error page's dispatch (the container forwards to it with the
 * response it was given, not this one). An asynchronous answer (a PhoneFactor login's) is written later through the
 * same response: Spring MVC starts the asynchronous context with the response the dispatcher received ({@code
 * StandardServletAsyncWebRequest}'s {@code LifecycleHttpServletResponse} around it), and {@link CompletedAnswers}
 * writes through it too.
 *
 * <p>Outside Spring Security's chain and the dispatcher, this is also where a request's first dispatch ends for its
 * answer ({@link FirstDispatch}): an asynchronous answer that came sooner is written here, once the response is no
 * longer theirs.
 */
public class WholeAnswerFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(request, new WholeAnswer(response));
            return;
        }
        FirstDispatch dispatch = new FirstDispatch();
        request.setAttribute(FirstDispatch.ATTRIBUTE, dispatch);
        try {
            chain.doFilter(request, new WholeAnswer(response));
        } finally {
            dispatch.ended();
        }
    }

    /** A response whose early flush waits for the end of the request. */
    static final class WholeAnswer extends HttpServletResponseWrapper {

        WholeAnswer(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void flushBuffer() {
            // the container writes the whole answer, with its length, when the request ends
        }
    }
}
