package io.extauth.service.input;

import io.extauth.service.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every service, before the token check. A body that declares more than the limit is answered
 * 413 unread. Any other body is read whole here, before anything else sees it, and handed on from memory:
 * <ul>
 *   <li>what came with the request (the bytes the container already holds) is read without waiting; a body sent
 *       right after its headers is usually all there, one sent after a {@code 100 Continue}, one larger than
 *       Tomcat's read buffer (8 KiB) or a chunked one never is;</li>
 *   <li>a body that is not all there waits for the rest only in one of the {@link LateBodies}' few places, and only
 *       until their deadline: no place free within a moment is a 503, past the deadline a 408; both close the
 *       connection;</li>
 *   <li>a body that goes one byte past the limit, chunked or not, is answered 413 there.</li>
 * </ul>
 * So a caller who sends a body slowly, or never, can hold at most those few request threads, each for at most the
 * deadline plus one read's timeout (a chunked body's read can last longer: Tomcat reads a chunk's header, up to 10
 * bytes, within one read, each byte within the read timeout; extensions and trailers are refused, see
 * {@code InputAutoConfiguration.OnTomcat}). Form parameters of a POST body are not parsed from it: no endpoint takes
 * a form. A query parameter with a NUL is answered 400 (Tomcat itself refuses a NUL in the
 * path).
 */
public class BodyLimitFilter extends OncePerRequestFilter {

    private static final String TYPES = "https://extauth.io/problems/";

    /**
     * Set on a request whose body was refused before it was all read, to its {@link Refusal}: its connection is
     * closed, not drained.
     */
    static final String REFUSED_UNREAD = BodyLimitFilter.class.getName() + ".REFUSED_UNREAD";

    /** A problem answered for a body refused unread; a {@code null} code is {@code about:blank}. */
    record Refusal(HttpStatus status, @Nullable String code, String detail) {

        void write(HttpServletResponse response) throws IOException {
            response.setHeader("Connection", "close");
            if (status == HttpStatus.SERVICE_UNAVAILABLE) {
                response.setHeader("Retry-After", "1");
            }
            ProblemWriter.write(response, status, URI.create(code == null ? "about:blank" : TYPES + code), detail);
        }
    }

    private final long limit;
    private final LateBodies lateBodies;

    public BodyLimitFilter(long limit, LateBodies lateBodies) {
        this.limit = limit;
        this.lateBodies = lateBodies;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long arrived = System.nanoTime();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(request, response);
            return;
        }
        Optional<String> unstorable = unstorableQueryParameter(request.getQueryString());
        // refused unread, as every refusal here: a body Tomcat swallowed after the answer would hold the thread
        if (unstorable.isPresent()) {
            close(request, response, HttpStatus.BAD_REQUEST, null, "Query parameter '" + unstorable.get()
                    + "' contains a NUL character; remove it");
            return;
        }
        // with a body or without one: Spring reads a request's Content-Type before it looks for a body
        if (namesNoFormat(request.getContentType())) {
            close(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "The request's "
                    + "Content-Type has a wildcard and names no format; send the body as application/json");
            return;
        }
        // no answer can be written for an Accept no one can parse: Spring would send its error without a body
        if (unparsable(request.getHeaders("Accept"))) {
            close(request, response, HttpStatus.NOT_ACCEPTABLE, null, "The Accept header cannot be parsed as media "
                    + "types; send application/json, or no Accept header");
            return;
        }
        if (declared == 0 || declared < 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response);
            return;
        }
        ServletInputStream in = request.getInputStream();
        BodyBytes body = new BodyBytes(declared, limit);
        // a chunked body is always waited for in a place: Tomcat's chunk parser may wait for the rest of a chunk's
        // header even when some of it is there, so "what came" cannot be read without waiting
        boolean whole = declared >= 0 && readWhatCame(in, body);
        if (!whole && !waitForTheRest(in, body, arrived, request, response)) {
            return;
        }
        if (body.tooLarge()) {
            refuse(request, response);
            return;
        }
        chain.doFilter(new ReadRequest(request, body), response);
    }

    /**
     * Reads the bytes of a body of declared length that the container already holds, never waiting for more; true if
     * that was the whole body. After {@code available()} says some are there, Tomcat's read hands them over without
     * waiting and never past the declared length.
     */
    static boolean readWhatCame(ServletInputStream in, BodyBytes body) throws IOException {
        while (!body.whole()) {
            if (in.available() <= 0) {
                return false;
            }
            body.readFrom(in);
        }
        return true;
    }

    /**
     * Waits for the rest of a late body in one of the few places, until the deadline; false if it answered instead.
     * A blocking read cannot be cut short, so the deadline is looked at between reads: a read that brings nothing
     * ends at the connector's read timeout ({@code server.tomcat.connection-timeout}, which the service kit sets to
     * the same deadline).
     */
    private boolean waitForTheRest(ServletInputStream in, BodyBytes body, long arrived, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (!lateBodies.tryEnter()) {
            close(request, response, HttpStatus.SERVICE_UNAVAILABLE, "late-bodies-busy", "This instance is already "
                    + "waiting for as many request bodies as it waits for at once; send a request's body with its "
                    + "headers, without pauses, and retry");
            return false;
        }
        LateBodies.Outcome outcome = LateBodies.Outcome.TOO_SLOW;
        try {
            long deadline = arrived + lateBodies.deadline().toNanos();
            while (!body.whole() && System.nanoTime() - deadline < 0) {
                body.readFrom(in);
            }
            if (body.whole()) {
                outcome = LateBodies.Outcome.READ;
                return true;
            }
        } catch (IOException failed) {
            // Tomcat has answered the failed read itself (408, or 400); UnreadBodyValve answers this filter's problem
            // in its place
            if (!timedOut(failed)) {
                outcome = LateBodies.Outcome.BROKEN;
            }
        } finally {
            lateBodies.leave(outcome);
        }
        if (outcome == LateBodies.Outcome.BROKEN) {
            close(request, response, HttpStatus.BAD_REQUEST, "unreadable-body", "The request body ended before its "
                    + "declared length, or its chunks were malformed");
        } else {
            close(request, response, HttpStatus.REQUEST_TIMEOUT, "body-too-slow", "The request body did not arrive "
                    + "within " + lateBodies.deadline().toSeconds() + " s of its request; send it right after its "
                    + "headers, without pauses");
        }
        return false;
    }

    private static boolean timedOut(IOException failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Answers a problem and closes the connection without reading what is left of the body. A response Tomcat has
     * already answered itself (a read that timed out) is answered by {@link UnreadBodyValve} instead.
     */
    private static void close(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            @Nullable String code, String detail) throws IOException {
        Refusal refusal = new Refusal(status, code, detail);
        request.setAttribute(REFUSED_UNREAD, refusal);
        if (!response.isCommitted()) {
            refusal.write(response);
        }
    }

    /** Answers 413 and closes the connection, so the rest of a huge body is not even swallowed. */
    static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        close(request, response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "The request body is larger than "
                + "the limit; no request of this API needs that much");
    }

    /**
     * A Content-Type with a wildcard ({@code application/*+json}, {@code *}{@code /*}) names no format. Spring cannot
     * hold one as a request's type and would fail the request with a 500 when it reads the body; a Content-Type it
     * cannot parse at all is its own 415, as is any concrete type other than JSON.
     */
    static boolean namesNoFormat(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException unparsable) {
            return false;
        }
    }

    /** Whether an Accept header is there and cannot be parsed (Spring's parser caches what it parsed). */
    static boolean unparsable(@Nullable Enumeration<String> accept) {
        while (accept != null && accept.hasMoreElements()) {
            String value = accept.nextElement();
            try {
                if (value != null && !value.isBlank()) {
                    MediaType.parseMediaTypes(value);
                }
            } catch (InvalidMediaTypeException unparsable) {
                return true;
            }
        }
        return false;
    }

    /** The first query parameter (name as sent) whose name or value decodes to text with a NUL. */
    static Optional<String> unstorableQueryParameter(@Nullable String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (!StorableText.isStorable(name) || !StorableText.isStorable(value)) {
                return Optional.of(name.replace('\0', '?'));
            }
        }
        return Optional.empty();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /** The body as it is read: into an array of the declared length, or one that grows up to a byte past the limit. */
    static final class BodyBytes {

        private final long declared;
        private final long limit;
        private byte[] bytes;
        private int size;
        private boolean ended;

        BodyBytes(long declared, long limit) {
            this.declared = declared;
            this.limit = limit;
            this.bytes = new byte[(int) (declared >= 0 ? declared : Math.min(1024, limit + 1))];
        }

        /** One read of what the stream gives, into the room left; a read past the limit stops at one byte past it. */
        void readFrom(ServletInputStream in) throws IOException {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(2L * bytes.length, limit + 1));
            }
            int n = in.read(bytes, size, bytes.length - size);
            if (n < 0) {
                ended = true;
            } else {
                size += n;
            }
        }

        /** All of it read: its declared length, its end (chunked), or one byte past the limit. */
        boolean whole() {
            return ended || size == declared || tooLarge();
        }

        boolean tooLarge() {
            return size > limit;
        }
    }

    /** The request with its body read: whatever reads it reads the bytes in memory. */
    static final class ReadRequest extends HttpServletRequestWrapper {

        private final ServletInputStream stream;

        ReadRequest(HttpServletRequest request, BodyBytes body) {
            super(request);
            this.stream = new ReadBody(body.bytes, body.size);
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(stream, charset));
        }
    }

    /** A body in memory, as a servlet stream that is always ready. */
    static final class ReadBody extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        ReadBody(byte[] body, int size) {
            this.bytes = new ByteArrayInputStream(body, 0, size);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public int available() {
            return bytes.available();
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            try {
                if (!isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException | RuntimeException failed) {
                listener.onError(failed);
            }
        }
    }
}
