package io.extauth.provisioning.adapter.vendor;

import io.extauth.service.vendor.BoundedAnswer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

/**
 * The vendors' requests on {@code HttpURLConnection}, as Spring's {@code SimpleClientHttpRequestFactory} makes them,
 * but with the body handed over whole instead of streamed. Spring 7 puts every request with a body into a streaming
 * mode (fixed length or chunked), and before it sends a streamed POST on a kept-alive connection the JDK checks the
 * connection by reading it with a 1 ms timeout ({@code sun.net.www.http.HttpClient.available()}): a
 * {@code SocketTimeoutException} with its stack filled in, an 8 KiB buffer and up to a millisecond's wait on every
 * provisioning call (docs/PERFORMANCE.md, forty-second pass). A body handed over whole is not checked first; a
 * kept-alive connection the vendor has closed meanwhile fails at once and the JDK sends the request again on a new
 * one ({@code sun.net.http.retryPost}, on by default), which is safe here: every provisioning call carries its order's
 * idempotency key, and the vendor answers a repeat with what it holds. A read that times out is not sent again.
 *
 * <p>An answer is read up to {@value BoundedAnswer#MAX_BYTES} bytes (a vendor's answers are a few hundred): a vendor that
 * sends more, broken or hostile, costs the worker that much memory and the call fails as unreadable (tried again
 * later, like any unreadable answer), where before the whole answer was read into the heap.
 *
 * <p>A call has a deadline, the read timeout from its start: {@code HttpURLConnection}'s own read timeout bounds only
 * each read, so a vendor that trickled its answer a byte at a time, each within the timeout, held a provisioning
 * worker for as long as it liked. Until the answer's head is read the connection is closed under the call at the
 * deadline (one timer thread, CompletableFuture's, for all); after it, a read of the body fails once the deadline has
 * passed. A read already waiting when it passes ends by the read timeout, so a call ends at most one read timeout
 * after its deadline.
 */
final class BufferedUrlConnectionRequests implements ClientHttpRequestFactory {

    static final String KEEP_ALIVE_REMAINING_DATA = "http.KeepAlive.remainingData";

    static {
        // an answer left unfinished (a call cut at its deadline) closes its connection: by default the JDK hands a
        // kept-alive one with up to 512 KiB to come to its one cleaner thread, which would go on reading a trickle at
        // the vendor's pace, holding the socket and putting off every other connection's clean-up in the JVM. Set
        // before any HttpURLConnection of this JVM has had its cleaner read this; an operator's own setting stands
        if (System.getProperty(KEEP_ALIVE_REMAINING_DATA) == null) {
            System.setProperty(KEEP_ALIVE_REMAINING_DATA, "0");
        }
    }

    private final Proxy proxy;
    private final int connectTimeout;
    private final int readTimeout;

    BufferedUrlConnectionRequests(Proxy proxy, Duration connectTimeout, Duration readTimeout) {
        this.proxy = proxy;
        this.connectTimeout = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeout = Math.toIntExact(readTimeout.toMillis());
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) throws IOException {
        if (!(uri.toURL().openConnection(proxy) instanceof HttpURLConnection connection)) {
            throw new IOException("not an HTTP address: " + uri.getScheme());
        }
        connection.setConnectTimeout(connectTimeout);
        connection.setReadTimeout(readTimeout);
        connection.setDoInput(true);
        connection.setInstanceFollowRedirects(HttpMethod.GET.equals(method));
        connection.setRequestMethod(method.name());
        connection.setDoOutput(HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method)
                || HttpMethod.PATCH.equals(method) || HttpMethod.DELETE.equals(method));
        return new Request(connection, readTimeout);
    }

    private static final class Request extends AbstractBufferingClientHttpRequest {

        private final HttpURLConnection connection;
        private final int readTimeout;

        Request(HttpURLConnection connection, int readTimeout) {
            this.connection = connection;
            this.readTimeout = readTimeout;
        }

        @Override
        public HttpMethod getMethod() {
            return HttpMethod.valueOf(connection.getRequestMethod());
        }

        @Override
        public URI getURI() {
            try {
                return connection.getURL().toURI();
            } catch (URISyntaxException e) {
                throw new IllegalStateException("not a URI: " + connection.getURL(), e);
            }
        }

        @Override
        protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
            headers.forEach((name, values) -> {
                // the connection sets Content-Length itself from the body (and ignores one set here)
                if (!HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                    values.forEach(value -> connection.addRequestProperty(name, value));
                }
            });
            // the deadline, from the call's start: while the answer's head is awaited the connection is closed under
            // the call (the JDK does not send it again then: a deliberate disconnect); once the head is read, each
            // read of the body looks at it first (a read in progress cannot be cut: a kept-alive body's stream
            // closes only when that read ends). Settled by a value, never cancelled (a cancellation builds
            // exceptions with the whole stack)
            long deadlineAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readTimeout);
            AtomicInteger phase = new AtomicInteger(HEAD);
            CompletableFuture<Boolean> deadline = new CompletableFuture<Boolean>()
                    .completeOnTimeout(true, readTimeout, TimeUnit.MILLISECONDS);
            deadline.thenAccept(passed -> {
                if (passed && phase.compareAndSet(HEAD, CUT)) {
                    connection.disconnect();
                }
            });
            try {
                if (connection.getDoOutput() && body.length > 0) {
                    try (OutputStream out = connection.getOutputStream()) {
                        out.write(body);
                    }
                } else {
                    connection.connect();
                }
                connection.getResponseCode(); // sends it and reads the status line and headers
                if (!phase.compareAndSet(HEAD, BODY)) {
                    connection.disconnect();
                    throw cut(readTimeout, null);
                }
                deadline.complete(false);
                return new Response(connection, deadlineAt, readTimeout);
            } catch (IOException e) {
                deadline.complete(false);
                if (phase.get() == CUT) {
                    // the socket closed under the call says "closed"; the order's lastError says what happened
                    throw cut(readTimeout, e);
                }
                throw e;
            } catch (RuntimeException e) {
                deadline.complete(false);
                if (phase.get() == CUT) {
                    // the JDK's connection, closed under the call from the timer's thread, can fail unchecked
                    throw cut(readTimeout, new IOException(e));
                }
                throw e;
            }
        }
    }

    private static final int HEAD = 0;
    private static final int BODY = 1;
    private static final int CUT = 2;

    private static SocketTimeoutException cut(int readTimeout, @Nullable IOException cause) {
        SocketTimeoutException cut = new SocketTimeoutException("no whole answer within " + readTimeout
                + " ms of the call's start");
        if (cause != null) {
            cut.initCause(cause);
        }
        return cut;
    }

    private static final class Response implements ClientHttpResponse {

        private final HttpURLConnection connection;
        private final long deadlineAt;
        private final int readTimeout;
        private @Nullable HttpHeaders headers;
        private @Nullable InputStream body;

        Response(HttpURLConnection connection, long deadlineAt, int readTimeout) {
            this.connection = connection;
            this.deadlineAt = deadlineAt;
            this.readTimeout = readTimeout;
        }

        @Override
        public HttpStatusCode getStatusCode() throws IOException {
            return HttpStatusCode.valueOf(connection.getResponseCode());
        }

        @Override
        public String getStatusText() throws IOException {
            return Objects.toString(connection.getResponseMessage(), "");
        }

        @Override
        public HttpHeaders getHeaders() {
            if (headers == null) {
                HttpHeaders read = new HttpHeaders();
                // field 0 is the status line, which has no name
                for (int i = 1; ; i++) {
                    String name = connection.getHeaderFieldKey(i);
                    String value = connection.getHeaderField(i);
                    if (name == null && value == null) {
                        break;
                    }
                    if (name != null && value != null) {
                        read.add(name, value);
                    }
                }
                headers = read;
            }
            return headers;
        }

        @Override
        public InputStream getBody() throws IOException {
            if (body == null) {
                InputStream error = connection.getErrorStream();
                body = new BeforeTheDeadline(new BoundedAnswer(error != null ? error : connection.getInputStream()),
                        deadlineAt, readTimeout);
            }
            return body;
        }

        /**
         * Reads what is left of the answer, so that the connection goes back to the JDK's keep-alive cache; one that
         * cannot be read to its end (over the bound, broken) is closed instead.
         */
        @Override
        public void close() {
            try (InputStream rest = getBody()) {
                StreamUtils.drain(rest);
            } catch (IOException unfinished) {
                connection.disconnect();
            }
        }
    }

    /** An answer's body whose reads fail once the call's deadline has passed. */
    private static final class BeforeTheDeadline extends FilterInputStream {

        private final long deadlineAt;
        private final int readTimeout;
        /** Once the answer's end was read, the deadline no longer matters: nothing is left to wait for. */
        private boolean ended;

        BeforeTheDeadline(InputStream in, long deadlineAt, int readTimeout) {
            super(in);
            this.deadlineAt = deadlineAt;
            this.readTimeout = readTimeout;
        }

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            requireTime();
            return ended(super.read());
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            requireTime();
            return ended(super.read(buffer, offset, length));
        }

        private int ended(int read) {
            ended = read < 0;
            return read;
        }

        private void requireTime() throws SocketTimeoutException {
            if (System.nanoTime() - deadlineAt > 0) {
                throw cut(readTimeout, null);
            }
        }
    }
}
