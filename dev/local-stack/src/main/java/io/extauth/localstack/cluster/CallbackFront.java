package io.extauth.localstack.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one callback address of the cluster, as an operator puts a load balancer in front of the challenge-service
 * instances: the vendor calls back this address, not the instance that placed the call, so a dead instance costs no
 * answer. Requests under {@value #PATH_PREFIX} go round-robin to the instances; one that cannot be connected to, or
 * answers 502/503 (nothing was decided), is skipped for the next. Method, path, query, headers and body are passed on
 * exactly as received: the vendor's signature covers {@code t.path.body}. Anything else is answered 404 here, so the
 * front opens no more of the services than their callbacks: a path under the prefix that the instance would resolve
 * to another ({@code /callbacks/../api/…}) is anything else too.
 * <p>
 * A request whose body was sent and then timed out is not sent to another instance: the first may have decided it,
 * and the vendor, which retries a callback with a fresh signature, is the one to repeat it.
 */
public final class CallbackFront implements AutoCloseable {

    public static final String PATH_PREFIX = "/callbacks/";
    /** Far above the services' own limit (8 KiB): they answer that with their problem; this only bounds the front. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final int THREADS = 16;

    /** Hop-by-hop headers (RFC 9110 7.6.1) and those the JDK client sets itself. */
    private static final Set<String> NOT_PASSED_ON = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "content-length", "host", "expect");

    /**
     * A callback's path as passed on: segments of letters, digits, {@code -} and {@code _} only. What the instance
     * would read as another path is not passed on: a dot segment, plain or percent-encoded ({@code ..}, {@code %2e}),
     * which Tomcat resolves; a path parameter ({@code ..;}), which it drops first; an empty segment.
     */
    private static final Pattern CALLBACK_PATH =
            Pattern.compile(Pattern.quote(PATH_PREFIX) + "[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    private static final Logger log = LoggerFactory.getLogger(CallbackFront.class);

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final List<URI> backends;
    private final int maxBodyBytes;
    private final AtomicInteger next = new AtomicInteger();

    private CallbackFront(HttpServer server, ExecutorService threads, List<URI> backends, int maxBodyBytes) {
        this.server = server;
        this.threads = threads;
        this.backends = List.copyOf(backends);
        this.maxBodyBytes = maxBodyBytes;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Listens on {@code host:port} (port 0: any free one) and passes callbacks on to the backends' base URLs. */
    public static CallbackFront start(String host, int port, List<URI> backends, int maxBodyBytes) throws IOException {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("a callback front needs at least one backend");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CallbackFront front = new CallbackFront(server, threads, backends, maxBodyBytes);
        server.createContext("/", front::handle);
        server.setExecutor(threads);
        server.start();
        return front;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            if (!isCallbackPath(uri.getRawPath())) {
                answer(exchange, 404, "Not Found", "This address takes vendor callbacks under " + PATH_PREFIX + " only.");
                return;
            }
            byte[] body = boundedBody(exchange);
            if (body == null) {
                answer(exchange, 413, "Content Too Large", "A callback body is at most " + maxBodyBytes + " bytes.");
                return;
            }
            passOn(exchange, uri, body);
        } catch (IOException | RuntimeException e) {
            log.warn("callback {} {} not passed on: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    e.toString());
        }
    }

    private void passOn(HttpExchange exchange, URI uri, byte[] body) throws IOException {
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        int first = Math.floorMod(next.getAndIncrement(), backends.size());
        HttpResponse<byte[]> skipped = null;
        for (int tried = 0; tried < backends.size(); tried++) {
            URI backend = backends.get((first + tried) % backends.size());
            HttpResponse<byte[]> response;
            try {
                response = client.send(request(exchange, backend, pathAndQuery, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                log.info("callback instance {} unreachable ({}): trying the next", backend, e.getClass().getSimpleName());
                continue;
            } catch (IOException e) {
                // sent, no answer: the instance may have taken it, so only the vendor's retry may send it again
                answer(exchange, 504, "Gateway Timeout", "The callback instance did not answer in time.");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 503, "Service Unavailable", "The callback front is stopping.");
                return;
            }
            if (triesNext(response.statusCode())) {
                log.info("callback instance {} answered {}: trying the next", backend, response.statusCode());
                skipped = response;
                continue;
            }
            relay(exchange, response);
            return;
        }
        if (skipped != null) {
            relay(exchange, skipped);
        } else {
            answer(exchange, 502, "Bad Gateway", "No challenge-service instance could be reached.");
        }
    }

    static boolean isCallbackPath(String rawPath) {
        return rawPath != null && CALLBACK_PATH.matcher(rawPath).matches();
    }

    /** 502 and 503 say the instance decided nothing (a dead upstream, a database away): another one may. */
    static boolean triesNext(int status) {
        return status == 502 || status == 503;
    }

    private HttpRequest request(HttpExchange exchange, URI backend, String pathAndQuery, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stripSlash(backend.toString()) + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .method(exchange.getRequestMethod(), body.length == 0 && !hasBody(exchange)
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_PASSED_ON.contains(name.toLowerCase(Locale.ROOT))) {
                try {
                    values.forEach(value -> request.header(name, value));
                } catch (IllegalArgumentException e) {
                    log.debug("header {} is the client's own to set: not passed on", name);
                }
            }
        });
        request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host != null) {
            request.header("X-Forwarded-Host", host);
        }
        return request.build();
    }

    private static boolean hasBody(HttpExchange exchange) {
        return exchange.getRequestHeaders().containsKey("Content-Length")
                || exchange.getRequestHeaders().containsKey("Transfer-Encoding");
    }

    private static void relay(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!NOT_PASSED_ON.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The body, or null once it is known to be longer than the limit: the rest is never read. */
    private byte[] boundedBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.strip().matches("\\d{1,18}") && Long.parseLong(length.strip()) > maxBodyBytes) {
            return null;
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            return body.length > maxBodyBytes ? null : body;
        }
    }

    private static void answer(HttpExchange exchange, int status, String title, String detail) throws IOException {
        byte[] problem = ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, problem.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(problem);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        server.stop(1);
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
