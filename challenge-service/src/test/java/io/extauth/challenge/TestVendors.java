package io.extauth.challenge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.extauth.testsupport.VendorSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Symantec VIP and PhoneFactor's gateway as the service under test sees them: a stand-in in front of the vendor
 * simulator that passes every request on, counts the code validations and the calls, texts and pushes it passed on,
 * and can misbehave as a real vendor might (another status, a body without a verdict, a slow or held answer). One per
 * test JVM; tests put it back to {@link #behave()}.
 */
public final class TestVendors {

    /** How VIP answers the next validations. */
    public enum Fault {
        UNAUTHORIZED_401, REQUEST_TIMEOUT_408, SERVER_ERROR_500, NO_VERDICT_200, GARBAGE_200, SLOWER_THAN_READ_TIMEOUT
    }

    private static HttpServer server;
    private static final HttpClient simulator = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger validations = new AtomicInteger();
    private static final AtomicReference<Fault> fault = new AtomicReference<>();
    private static final AtomicReference<CountDownLatch> held = new AtomicReference<>();
    private static final AtomicReference<CountDownLatch> arrived = new AtomicReference<>(new CountDownLatch(1));
    private static final AtomicInteger contacts = new AtomicInteger();
    private static final AtomicInteger contactQuestions = new AtomicInteger();
    private static final AtomicReference<CountDownLatch> heldContacts = new AtomicReference<>();
    private static final java.util.Map<String, String> contactStatuses = new java.util.concurrent.ConcurrentHashMap<>();

    private TestVendors() {
    }

    public static synchronized String baseUrl() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", TestVendors::handle);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Passes everything on to the simulator again, releasing anything held. */
    public static void behave() {
        fault.set(null);
        contactStatuses.clear();
        CountDownLatch hold = held.getAndSet(null);
        if (hold != null) {
            hold.countDown();
        }
        CountDownLatch holdContacts = heldContacts.getAndSet(null);
        if (holdContacts != null) {
            holdContacts.countDown();
        }
    }

    public static void fail(Fault how) {
        fault.set(how);
    }

    /** Holds every validation until {@link #behave()}; {@link #awaitArrival()} says when the first one is here. */
    public static void hold() {
        arrived.set(new CountDownLatch(1));
        held.set(new CountDownLatch(1));
    }

    public static void awaitArrival() throws InterruptedException {
        if (!arrived.get().await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no validation reached VIP within 10 s");
        }
    }

    /** Holds every call, text and push placed at the gateway until {@link #behave()}: a gateway that hangs. */
    public static void holdContacts() {
        heldContacts.set(new CountDownLatch(1));
    }

    /**
     * The gateway's status lookup for {@code reference} answers {@code status} (the user acted, say, while the
     * callback that says what they did is still on its way) until {@link #behave()}.
     */
    public static void reportContact(String reference, String status) {
        contactStatuses.put(reference, status);
    }

    /** Calls, texts and pushes that reached the gateway since the JVM started (read before and after). */
    public static int contacts() {
        return contacts.get();
    }

    /** Questions about a contact's status that reached the gateway since the JVM started (read before and after). */
    public static int contactQuestions() {
        return contactQuestions.get();
    }

    /** Code validations that reached VIP since the JVM started (read before and after). */
    public static int validations() {
        return validations.get();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            boolean validation = path.endsWith("/validate");
            if (path.startsWith("/telephony/contacts/")) {
                contactQuestions.incrementAndGet();
            }
            String reported = path.startsWith("/telephony/contacts/")
                    ? contactStatuses.get(path.substring("/telephony/contacts/".length())) : null;
            if (reported != null) {
                answer(exchange, new Answer(200, "{\"kind\":\"CALL\",\"id\":\"c-1\",\"reference\":\""
                        + path.substring("/telephony/contacts/".length()) + "\",\"status\":\"" + reported + "\"}"));
                return;
            }
            if ("POST".equals(exchange.getRequestMethod()) && (path.equals("/telephony/calls")
                    || path.equals("/telephony/sms") || path.equals("/telephony/pushes"))) {
                contacts.incrementAndGet();
                CountDownLatch hold = heldContacts.get();
                if (hold != null) {
                    hold.await(30, TimeUnit.SECONDS);
                }
            }
            if (validation) {
                validations.incrementAndGet();
                arrived.get().countDown();
                CountDownLatch hold = held.get();
                if (hold != null) {
                    hold.await(30, TimeUnit.SECONDS);
                }
                Fault now = fault.get();
                if (now != null && now != Fault.SLOWER_THAN_READ_TIMEOUT) {
                    answer(exchange, misbehaviour(now));
                    return;
                }
                if (now == Fault.SLOWER_THAN_READ_TIMEOUT) {
                    Thread.sleep(IntegrationTestBase.VIP_READ_TIMEOUT.plusSeconds(1).toMillis());
                }
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(VendorSimulator.baseUrl()
                    + exchange.getRequestURI())).method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                    .timeout(Duration.ofSeconds(10));
            // the service's headers as it sent them (its traceparent, Accept, Content-Type), but the connection's own
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> passed = simulator.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer(exchange, new Answer(passed.statusCode(), new String(passed.body(), StandardCharsets.UTF_8),
                    passed.headers().firstValue("Content-Type").orElse("application/json")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Answer(int status, String body, String contentType) {

        Answer(int status, String body) {
            this(status, body, "application/json");
        }
    }

    /** Headers of one connection, which the JDK client sets itself and refuses from its caller. */
    private static final java.util.Set<String> HOP_BY_HOP = java.util.Set.of("connection", "content-length", "expect",
            "host", "upgrade", "keep-alive", "transfer-encoding");

    private static Answer misbehaviour(Fault fault) {
        return switch (fault) {
            case UNAUTHORIZED_401 -> new Answer(401, "{\"code\":\"INVALID_API_KEY\"}");
            case REQUEST_TIMEOUT_408 -> new Answer(408, "");
            case SERVER_ERROR_500 -> new Answer(500, "{\"code\":\"INTERNAL\"}");
            case NO_VERDICT_200 -> new Answer(200, "{\"status\":\"0000\"}");
            case GARBAGE_200 -> new Answer(200, "<html>maintenance</html>");
            case SLOWER_THAN_READ_TIMEOUT -> throw new IllegalArgumentException("answered by waiting");
        };
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
