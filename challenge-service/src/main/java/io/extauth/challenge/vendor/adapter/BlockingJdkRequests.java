package io.extauth.challenge.vendor.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Requests through the JDK client's blocking {@code send} on the caller's thread. Spring's
 * {@code JdkClientHttpRequestFactory} uses {@code sendAsync}, which costs two new threads per request: the body is
 * written by a {@code SimpleAsyncTaskExecutor} (a thread each) and the JDK completes an async exchange on
 * CompletableFuture's default pool, which is a new thread per task when the common pool has one worker (any machine
 * with two cores or fewer). The bodies here are small JSON, so they are buffered and sent as bytes. The read timeout
 * bounds the wait for the answer's head (the request's timeout) and what is left of it bounds reading the body (the
 * stream is closed then, by the one timer thread CompletableFuture keeps for all).
 */
final class BlockingJdkRequests implements ClientHttpRequestFactory {

    /** Headers the JDK client sets itself and refuses from the caller. */
    private static final Set<String> SET_BY_THE_CLIENT = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        SET_BY_THE_CLIENT.addAll(Set.of("Connection", "Content-Length", "Expect", "Host", "Upgrade"));
    }

    private final HttpClient client;
    private final Duration readTimeout;

    BlockingJdkRequests(HttpClient client, Duration readTimeout) {
        this.client = client;
        this.readTimeout = readTimeout;
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
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(readTimeout).method(method.name(),
                    body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((name, values) -> {
                if (!SET_BY_THE_CLIENT.contains(name)) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            long started = System.nanoTime();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + uri);
            }
            long left = Math.max(1, readTimeout.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new Response(response, left);
        }
    }

    private static final class Response implements ClientHttpResponse {

        /** At most this much of an unread body is read away to keep the connection. */
        private static final int DRAINED = 64 * 1024;

        private final HttpResponse<InputStream> response;
        private final HttpHeaders headers = new HttpHeaders();
        private final CompletableFuture<Void> deadline;

        Response(HttpResponse<InputStream> response, long bodyMillis) {
            this.response = response;
            response.headers().map().forEach(headers::addAll);
            this.deadline = new CompletableFuture<Void>().completeOnTimeout(null, bodyMillis, TimeUnit.MILLISECONDS);
            // a body that stalls is cut at the deadline: the reader gets an IOException instead of waiting forever
            deadline.thenRun(this::cut);
        }

        @Override
        public HttpStatusCode getStatusCode() {
            return HttpStatusCode.valueOf(response.statusCode());
        }

        @Override
        public String getStatusText() {
            return ""; // HTTP/1.1 reason phrases are not kept by the JDK client
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public InputStream getBody() {
            return response.body();
        }

        /**
         * Reads what is left of the body first (a few bytes at most once a reader took the body's declared length, as
         * Spring's byte-array converter does, never more than {@link #DRAINED}): the JDK client returns a connection to
         * its pool only at the body's end, and closes it when the body is closed earlier. A body that stalls is still
         * cut at the deadline.
         */
        @Override
        public void close() {
            try (InputStream body = response.body()) {
                byte[] rest = new byte[512];
                for (int read = 0, total = 0; read >= 0 && total < DRAINED; total += read) {
                    read = body.read(rest);
                }
            } catch (IOException e) {
                // cut at the deadline, or nothing left to release
            } finally {
                deadline.cancel(false);
            }
        }

        private void cut() {
            try {
                response.body().close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
