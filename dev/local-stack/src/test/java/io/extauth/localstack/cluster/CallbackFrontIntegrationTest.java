package io.extauth.localstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.extauth.challenge.callback.CallbackSignatureRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The callback front with real HTTP on both sides: instances that live, die or refuse, and a signed callback. */
class CallbackFrontIntegrationTest {

    private static final String SECRET = "a-callback-secret-of-at-least-thirty-two-bytes";
    private static final String PATH = "/callbacks/telephony";

    private final HttpClient vendor = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
    }

    @Test
    void withOneInstanceDeadEveryCallbackIsAnsweredByTheLiveOne() throws Exception {
        Instance live = instance(204);
        CallbackFront front = front(List.of(deadInstance(), live.url()));

        for (int i = 0; i < 6; i++) {
            assertThat(post(front, PATH, "{\"n\":" + i + "}", "t=1,v1=00").statusCode()).as("callback " + i).isEqualTo(204);
        }
        assertThat(live.received).hasSize(6);
    }

    @Test
    void aSignedCallbackArrivesByteForByteAndItsSignatureStillVerifies() throws Exception {
        Instance live = instance(204);
        CallbackFront front = front(List.of(live.url(), deadInstance()));
        byte[] body = "{\"kind\":\"CALL\",\"reference\":\"r\u00e9f\",\"keys\":\"1 2#\"}\n".getBytes(StandardCharsets.UTF_8);
        String signature = CallbackSignatureRules.sign(SECRET, Instant.now(), PATH, body);

        HttpResponse<String> answer = vendor.send(HttpRequest.newBuilder(URI.create(base(front) + PATH + "?a=1&b=%2F"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header(CallbackSignatureRules.HEADER, signature)
                .header("X-Vendor-Attempt", "3")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(204);
        Received received = live.received.get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo(PATH);
        assertThat(received.query()).isEqualTo("a=1&b=%2F");
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.signature()).isEqualTo(signature);
        assertThat(received.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(received.attempt()).isEqualTo("3");
        assertThat(CallbackSignatureRules.check(SECRET, received.path(), received.body(), received.signature(),
                Instant.now(), Duration.ofMinutes(5)).genuine()).isTrue();
    }

    @Test
    void anInstanceAnswering503IsPassedOverForTheOther() throws Exception {
        Instance unavailable = instance(503);
        Instance live = instance(204);
        CallbackFront front = front(List.of(unavailable.url(), live.url()));

        assertThat(post(front, PATH, "{}", "t=1,v1=00").statusCode()).isEqualTo(204);
        assertThat(post(front, PATH, "{}", "t=2,v1=00").statusCode()).isEqualTo(204);
        assertThat(live.received).hasSize(2);
    }

    @Test
    void aRefusalIsTheVendorsAnswerAndNoOtherInstanceIsAsked() throws Exception {
        Instance refusing = instance(401);
        Instance other = instance(204);
        CallbackFront front = front(List.of(refusing.url(), other.url()));

        HttpResponse<String> answer = post(front, PATH, "{}", "t=1,v1=00");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("refused");
        assertThat(other.received).isEmpty();
    }

    @Test
    void withEveryInstanceDeadTheVendorGetsA502ItRetries() throws Exception {
        CallbackFront front = front(List.of(deadInstance(), deadInstance()));

        HttpResponse<String> answer = post(front, PATH, "{}", "t=1,v1=00");

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aBodyOverTheLimitAndAPathOutsideTheCallbacksAreNotPassedOn() throws Exception {
        Instance live = instance(204);
        CallbackFront front = front(List.of(live.url()));

        assertThat(post(front, PATH, "x".repeat(1025), "t=1,v1=00").statusCode()).isEqualTo(413);
        assertThat(post(front, "/api/challenges", "{}", "t=1,v1=00").statusCode()).isEqualTo(404);
        assertThat(live.received).isEmpty();
    }

    @Test
    void aPathThatLeavesTheCallbacksOnceTheInstanceNormalizesItIsNotPassedOn() throws Exception {
        Instance live = instance(204);
        CallbackFront front = front(List.of(live.url()));

        // Tomcat resolves dot segments, decoded or not, and drops path parameters before it resolves them
        for (String path : List.of("/callbacks/../api/challenges", "/callbacks/telephony/../../api/orders",
                "/callbacks/..;/api/challenges", "/callbacks/%2e%2e/api/challenges", "/callbacks/.%2E/actuator",
                "/callbacks/telephony;jsessionid=x", "/callbacks//telephony", "/callbacks/telephony%2F..")) {
            HttpResponse<String> answer = post(front, path, "{}", "t=1,v1=00");

            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
        }
        assertThat(live.received).isEmpty();
        assertThat(post(front, PATH, "{}", "t=1,v1=00").statusCode()).isEqualTo(204);
        assertThat(live.received).extracting(Received::path).containsExactly(PATH);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    record Received(String method, String path, String query, byte[] body, String signature, String contentType,
            String attempt) {
    }

    /** A challenge-service instance in miniature: records each callback and answers with the status it is given. */
    final class Instance implements AutoCloseable {

        final List<Received> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Instance(int status) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> answer(exchange, status));
            server.start();
            started.add(this);
        }

        private void answer(HttpExchange exchange, int status) throws IOException {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                if (status < 300) {
                    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                            exchange.getRequestURI().getRawQuery(), bytes,
                            exchange.getRequestHeaders().getFirst(CallbackSignatureRules.HEADER),
                            exchange.getRequestHeaders().getFirst("Content-Type"),
                            exchange.getRequestHeaders().getFirst("X-Vendor-Attempt")));
                    exchange.sendResponseHeaders(status, -1);
                } else {
                    byte[] problem = "{\"detail\":\"refused\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, problem.length);
                    exchange.getResponseBody().write(problem);
                }
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private Instance instance(int status) throws IOException {
        return new Instance(status);
    }

    /** A port nothing listens on: what is left of a killed instance. */
    private static URI deadInstance() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private CallbackFront front(List<URI> instances) throws IOException {
        CallbackFront front = CallbackFront.start("127.0.0.1", 0, instances, 1024);
        started.add(front);
        return front;
    }

    private static String base(CallbackFront front) {
        return "http://127.0.0.1:" + front.port();
    }

    private HttpResponse<String> post(CallbackFront front, String path, String body, String signature) throws Exception {
        return vendor.send(HttpRequest.newBuilder(URI.create(base(front) + path))
                .header(CallbackSignatureRules.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
