package io.extauth.simulator.callback;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A service's callback endpoint in miniature: records what arrives and answers with the statuses a test chooses, one
 * per attempt, the last one for every attempt after it.
 */
public final class CallbackReceiver implements AutoCloseable {

    /** One callback as it arrived: the exact body bytes and the signature header. */
    public record Received(byte[] body, String signature) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Received> attempts = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>(List.of(204));

    public CallbackReceiver() throws IOException {
        this(0);
    }

    /** On a port of the test's choosing: e.g. one a callback was already sent to while nothing listened there. */
    public CallbackReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext("/callbacks", this::receive);
        server.start();
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/callbacks";
    }

    /** The callbacks taken (answered 2xx). */
    public List<Received> received() {
        return received;
    }

    /** Every delivery attempt, taken or not. */
    public List<Received> attempts() {
        return attempts;
    }

    public void answerWith(int... statuses) {
        synchronized (this.statuses) {
            this.statuses.clear();
            for (int status : statuses) {
                this.statuses.add(status);
            }
        }
    }

    private int nextStatus() {
        synchronized (statuses) {
            return statuses.size() > 1 ? statuses.removeFirst() : statuses.getFirst();
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        int status = nextStatus();
        try (InputStream body = exchange.getRequestBody()) {
            Received arrived = new Received(body.readAllBytes(),
                    exchange.getRequestHeaders().getFirst(CallbackSignature.HEADER));
            attempts.add(arrived);
            if (status < 300) {
                received.add(arrived);
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
