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
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every service, before the token check: a body that declares more than the limit is answered
 * 413 unread; any other body is counted as it is read, chunked or not, and reading stops with a
 * {@link BodyTooLargeException} one byte past the limit. A query parameter with a NUL is answered 400 (Tomcat itself
 * refuses a NUL in the path).
 */
public class BodyLimitFilter extends OncePerRequestFilter {

    private final long limit;

    public BodyLimitFilter(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            refuse(response);
            return;
        }
        Optional<String> unstorable = unstorableQueryParameter(request.getQueryString());
        if (unstorable.isPresent()) {
            ProblemWriter.write(response, HttpStatus.BAD_REQUEST, "Query parameter '" + unstorable.get()
                    + "' contains a NUL character; remove it");
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    /** Answers 413 and closes the connection, so the rest of a huge body is not even swallowed. */
    static void refuse(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        ProblemWriter.write(response, HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than the limit; "
                + "no request of this API needs that much");
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

    /** The request with its body counted wherever it is read from. */
    static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private @Nullable ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    /** Counts the bytes read and fails one byte past the limit, before a caller can buffer more. */
    static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream body, long limit) {
            this.body = body;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never ask for more than one byte past the limit: that byte is enough to know the body is too large
            long allowed = limit - read + 1;
            int n = body.read(buffer, offset, (int) Math.min(length, Math.max(1, allowed)));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
