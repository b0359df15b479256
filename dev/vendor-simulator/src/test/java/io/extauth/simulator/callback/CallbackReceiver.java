package io.extauth.simulator.callback;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A service's callback endpoint in miniature: records what arrives and answers with a status the test chooses. */
public final class CallbackReceiver implements AutoCloseable {

    /** One callback as it arrived: the exact body bytes and the signature header. */
    public record Received(byte[] body, String signature) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 204;

    public CallbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/callbacks", this::receive);
        server.start();
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/callbacks";
    }

    public List<Received> received() {
        return received;
    }

    public void answerWith(int status) {
        this.status = status;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            if (status < 300) {
                received.add(new Received(body.readAllBytes(),
                        exchange.getRequestHeaders().getFirst(CallbackSignature.HEADER)));
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
