package io.extauth.challenge.vendor.adapter;

import io.extauth.service.vendor.BoundedAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
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
 * Requests through Apache HttpClient's classic, blocking client on the caller's thread, over its pool of kept-alive
 * connections. The JDK client's {@code send} blocks the caller too, but runs the exchange underneath as an
 * asynchronous one: its selector thread and a worker thread take turns with the caller on every request, and the
 * calling thread pays for the hand-offs and the futures between them. The bodies here are small JSON, so they are
 * buffered and sent as bytes.
 * <p>
 * The whole exchange — a connection, the answer's head and its body — is cut at the read timeout from its start, as
 * the JDK client's request timeout and the deadline on its body did: a vendor that trickles its answer a byte at a
 * time cannot hold the calling thread longer (one timer thread, CompletableFuture's, for all).
 * <p>
 * At most {@link CallsInFlight#limit()} exchanges run at once: one beyond it is refused before it is sent. An answer
 * is read up to {@link BoundedAnswer#MAX_BYTES}: a vendor that sends more, broken or hostile, fails the call as
 * unreadable (the login's {@code 503}, no strike) instead of filling the request thread's heap.
 */
final class PooledBlockingRequests implements ClientHttpRequestFactory {

    private final CloseableHttpClient client;
    private final Duration readTimeout;
    private final CallsInFlight calls;

    PooledBlockingRequests(CloseableHttpClient client, Duration readTimeout, CallsInFlight calls) {
        this.client = client;
        this.readTimeout = readTimeout;
        this.calls = calls;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
        return new Request(uri, method);
    }

    private final class Request extends AbstractBufferingClientHttpRequest {

        private final URI uri;
        private final HttpMethod method;

        Request(URI uri, HttpMethod method) {
            this.uri = uri;
            this.method = method;
        }

        @Override
        public HttpMethod getMethod() {
            return method;
        }

        @Override
        public URI getURI() {
            return uri;
        }

        @Override
        protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
            calls.take(); // or refused here, before anything is sent
            boolean answered = false;
            try {
                ClientHttpResponse response = exchange(headers, body);
                answered = true;
                return response;
            } finally {
                if (!answered) {
                    // whatever was thrown, an Error too: a permit lost would shrink the bound for good
                    calls.giveBack();
                }
            }
        }

        /** Sends the request; the answer gives the permit back when it is closed. */
        private ClientHttpResponse exchange(HttpHeaders headers, byte[] body) throws IOException {
            HttpUriRequestBase request = new HttpUriRequestBase(method.name(), uri);
            headers.forEach((name, values) -> {
                // the client writes the body's framing itself and refuses a request that already has it
                if (!HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)
                        && !HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
                    values.forEach(value -> request.addHeader(name, value));
                }
            });
            if (body.length > 0) {
                request.setEntity(new ByteArrayEntity(body, null)); // its Content-Type is the caller's header
            }
            // true when the read timeout passes first: the exchange is cut; false once the response is closed (or
            // the request failed) first. Settled by a value, never cancelled: a cancellation would build two
            // exceptions with the request thread's whole stack on every call (the future's and its dependant's)
            CompletableFuture<Boolean> deadline = new CompletableFuture<Boolean>()
                    .completeOnTimeout(true, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
            deadline.thenAccept(passed -> {
                if (passed) {
                    request.cancel();
                }
            });
            try {
                return new Response(client.executeOpen(null, request, null), deadline, calls);
            } catch (IOException | RuntimeException e) {
                deadline.complete(false);
                throw e;
            }
        }
    }

    private static final class Response implements ClientHttpResponse {

        private final ClassicHttpResponse response;
        private final CompletableFuture<Boolean> deadline;
        private final HttpHeaders headers = new HttpHeaders();
        private final CallsInFlight calls;
        private @Nullable BoundedAnswer body;
        private boolean closed;

        Response(ClassicHttpResponse response, CompletableFuture<Boolean> deadline, CallsInFlight calls) {
            this.response = response;
            this.deadline = deadline;
            this.calls = calls;
            for (Header header : response.getHeaders()) {
                headers.add(header.getName(), header.getValue());
            }
        }

        @Override
        public HttpStatusCode getStatusCode() {
            return HttpStatusCode.valueOf(response.getCode());
        }

        @Override
        public String getStatusText() {
            String reason = response.getReasonPhrase();
            return reason == null ? "" : reason;
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        /** The answer, read up to {@link BoundedAnswer#MAX_BYTES}: a longer one fails the call as unreadable. */
        @Override
        public InputStream getBody() throws IOException {
            if (body == null) {
                HttpEntity entity = response.getEntity();
                body = new BoundedAnswer(entity == null ? InputStream.nullInputStream() : entity.getContent());
            }
            return body;
        }

        /**
         * Reads what is left of the body (nothing, once a reader took the body's declared length) so that the
         * connection goes back to the pool; one the deadline cut, or whose answer is over the bound, is closed instead
         * (closing an answer not read to its end discards its connection). The call's permit goes back on the first
         * close only (the client closes once; a second close must not free a permit it does not hold).
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (response) {
                StreamUtils.drain(getBody());
            } catch (IOException e) {
                // cut at the deadline, over the bound, or nothing left to release
            } finally {
                deadline.complete(false);
                calls.giveBack();
            }
        }
    }
}
