package io.extauth.provisioning;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * PhoneFactor's user directory as a test of its own context has it answer ({@code POST /phonefactor/users}), on a real
 * HTTP server on the loopback address: the test's vendor in place of the simulator every other provisioning test
 * shares. Started when made; the context's vendors are pointed at it with {@link #register}, and it is stopped after
 * the class.
 */
final class StubPhoneFactor {

    /** How the directory answers the order of one user ({@code user}: the request's body). */
    @FunctionalInterface
    interface Users {
        void answer(JsonNode user, HttpExchange exchange) throws IOException;
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    StubPhoneFactor(Users users) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/phonefactor/users", exchange -> users.answer(
                JSON.readTree(exchange.getRequestBody().readAllBytes()), exchange));
        server.start();
    }

    /** PhoneFactor's and Symantec VIP's base URL (VIP is never asked: the orders are PhoneFactor's). */
    void register(DynamicPropertyRegistry registry) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        registry.add("extauth.vendors.phonefactor.base-url", () -> url);
        registry.add("extauth.vendors.symantec-vip.base-url", () -> url);
    }

    void stop() {
        server.stop(0);
    }

    static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
