package io.extauth.bench.stack;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** JSON over HTTP/1.1 with one shared connection pool; a failed connection is an exception, any status an answer. */
public final class Http {

    /** A status and the parsed body ({@link MissingNode} when empty or not JSON). */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String text(String field) {
            return body.path(field).asText("");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Answer get(String url, @Nullable String token) {
        return send(request(url, token).GET().build());
    }

    public Answer post(String url, @Nullable String token, @Nullable Object body) {
        return send(request(url, token).POST(body(body)).build());
    }

    public Answer put(String url, @Nullable String token, Object body) {
        return send(request(url, token).PUT(body(body)).build());
    }

    private static HttpRequest.Builder request(String url, @Nullable String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher body(@Nullable Object body) {
        return body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = MissingNode.getInstance();
            if (response.body().length > 0) {
                try {
                    body = JSON.readTree(response.body());
                } catch (JacksonException e) {
                    // not JSON: keep the status
                }
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
