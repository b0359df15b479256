package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.extauth.service.vendor.BoundedAnswer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The vendors' request factory against a bare HTTP/1.1 server on a socket (what arrives, byte for byte, on which
 * connection): a body goes whole with its length and calls in a row keep one connection; a kept connection the
 * vendor closed meanwhile is replaced and the call answered; an error status is read with its body; and a call whose
 * answer does not come within the read timeout fails without being sent again.
 */
class BufferedUrlConnectionRequestsUnitTest {

    private final BareServer vendor = new BareServer();

    @AfterEach
    void stop() throws IOException {
        vendor.close();
    }

    @Test
    void aBodyGoesWholeWithItsLengthAndCallsInARowShareOneKeptConnection() {
        RestClient client = client(Duration.ofSeconds(5));

        for (int i = 0; i < 3; i++) {
            String body = "{\"orderId\":\"o-" + i + "\",\"email\":\"jane.doe@example.com\"}";
            String answer = client.post().uri(vendor.url("/users")).contentType(MediaType.APPLICATION_JSON)
                    .body(body.getBytes(StandardCharsets.UTF_8)).retrieve().body(String.class);
            assertThat(answer).isEqualTo("{\"vendorRef\":\"ref-" + i + "\"}");
        }

        assertThat(vendor.requests).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Received request = vendor.requests.get(i);
            String body = "{\"orderId\":\"o-" + i + "\",\"email\":\"jane.doe@example.com\"}";
            assertThat(request.line()).isEqualTo("POST /users HTTP/1.1");
            assertThat(request.body()).isEqualTo(body);
            assertThat(request.headers()).contains("content-length: " + body.length())
                    .noneMatch(header -> header.startsWith("transfer-encoding"));
            assertThat(request.connection()).as("the connection of request " + i).isEqualTo(1);
        }
        assertThat(vendor.connections).hasValue(1);
    }

    /**
     * The point of the factory: Spring's own makes the JDK read a kept connection with a 1 ms timeout before each POST
     * on it, a {@code SocketTimeoutException} each time (seen: 10 of 10 calls with {@code
     * SimpleClientHttpRequestFactory} here); counted from JFR's exception events on this thread.
     */
    @Test
    void aKeptConnectionIsNotProbedBeforeACallIsSentOnIt() {
        RestClient client = client(Duration.ofSeconds(5));
        call(client, "o-0"); // opens the connection that the calls below keep
        String thread = Thread.currentThread().getName();
        List<String> thrown = new CopyOnWriteArrayList<>();

        try (RecordingStream events = new RecordingStream()) {
            events.enable("jdk.JavaExceptionThrow");
            events.onEvent("jdk.JavaExceptionThrow", event -> {
                if (thread.equals(event.getThread("eventThread").getJavaName())) {
                    thrown.add(event.getClass("thrownClass").getName());
                }
            });
            events.startAsync();
            for (int i = 1; i <= 10; i++) {
                call(client, "o-" + i);
            }
            // every event of this thread up to here has come once the marker's has
            new CallsDone();
            await().atMost(Duration.ofSeconds(20)).until(() -> thrown.contains(CallsDone.class.getName()));
        }

        assertThat(vendor.connections).hasValue(1);
        assertThat(thrown).doesNotContain(SocketTimeoutException.class.getName());
    }

    /** Marks the end of the calls in the exception events. */
    private static final class CallsDone extends RuntimeException {
    }

    @Test
    void aKeptConnectionTheVendorClosedMeanwhileIsReplacedAndTheCallIsAnswered() {
        RestClient client = client(Duration.ofSeconds(5));
        vendor.closeAfterEachAnswer.set(true);

        assertThat(call(client, "o-1")).isEqualTo("{\"vendorRef\":\"ref-0\"}");
        await().atMost(Duration.ofSeconds(5)).untilTrue(vendor.closedOne);
        assertThat(call(client, "o-2")).isEqualTo("{\"vendorRef\":\"ref-1\"}");

        assertThat(vendor.requests).extracting(Received::connection).containsExactly(1, 2);
        assertThat(vendor.requests).extracting(Received::body)
                .containsExactly("{\"orderId\":\"o-1\"}", "{\"orderId\":\"o-2\"}");
    }

    @Test
    void aDeleteGoesWithoutABodyOnTheKeptConnection() {
        RestClient client = client(Duration.ofSeconds(5));

        call(client, "o-1");
        client.delete().uri(vendor.url("/users/ref-0")).retrieve().toBodilessEntity();

        assertThat(vendor.requests).hasSize(2);
        assertThat(vendor.requests.get(1).line()).isEqualTo("DELETE /users/ref-0 HTTP/1.1");
        assertThat(vendor.requests.get(1).body()).isEmpty();
        assertThat(vendor.requests.get(1).headers()).noneMatch(header -> header.startsWith("transfer-encoding"));
        assertThat(vendor.connections).hasValue(1);
    }

    @Test
    void anErrorStatusIsReadWithItsBody() {
        RestClient client = client(Duration.ofSeconds(5));
        vendor.status = 503;

        assertThatThrownBy(() -> call(client, "o-1")).isInstanceOfSatisfying(HttpServerErrorException.class,
                refused -> {
                    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(refused.getResponseBodyAsString()).isEqualTo("{\"vendorRef\":\"ref-0\"}");
                    assertThat(refused.getResponseHeaders().getContentType())
                            .isEqualTo(MediaType.APPLICATION_JSON);
                });
    }

    @Test
    void anAnswerOverTheBoundFailsTheCallAsUnreadableAndAnErrorBodyOverItIsLeftUnread() {
        RestClient client = client(Duration.ofSeconds(5));
        vendor.padding = 2 * BoundedAnswer.MAX_BYTES;

        assertThatThrownBy(() -> call(client, "o-1")).isInstanceOf(RestClientException.class)
                .hasRootCauseMessage("the vendor's answer is longer than 65536 bytes");

        vendor.status = 503;
        assertThatThrownBy(() -> call(client, "o-2")).isInstanceOfSatisfying(HttpServerErrorException.class,
                refused -> assertThat(refused.getResponseBodyAsByteArray()).isEmpty());

        vendor.padding = BoundedAnswer.MAX_BYTES - 100;
        vendor.status = 200;
        assertThat(call(client, "o-3")).hasSizeGreaterThan(BoundedAnswer.MAX_BYTES - 100);
        assertThat(vendor.requests).hasSize(3);
    }

    @Test
    void aCallWhoseAnswerDoesNotComeInTimeFailsAndIsNotSentAgain() {
        RestClient client = client(Duration.ofMillis(300));
        vendor.answer.set(false);

        assertThatThrownBy(() -> call(client, "o-1")).isInstanceOf(ResourceAccessException.class)
                .hasCauseInstanceOf(SocketTimeoutException.class);

        assertThat(vendor.requests).hasSize(1);
        assertThat(vendor.connections).hasValue(1);
    }

    @Test
    void anAnswerTrickledAByteAtATimeEndsTheCallSoonAfterTheReadTimeoutFromItsStart() {
        RestClient client = client(Duration.ofMillis(500));
        // each byte well within the read timeout: the head at once, then ~330 bytes of body, 20 ms apart, ~6.6 s
        vendor.padding = 300;
        vendor.trickleMillis = 20;
        long started = System.nanoTime();

        assertThatThrownBy(() -> call(client, "o-1")).isInstanceOf(RestClientException.class)
                .hasStackTraceContaining("no whole answer within 500 ms of the call's start");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("ended by the deadline (500 ms) and the read "
                + "waiting then (20 ms), not by the answer's end").isLessThan(Duration.ofMillis(1500));
        assertThat(vendor.requests).as("not sent again").hasSize(1);
        // the connection is closed, not handed to the JDK's cleaner thread to read the rest at the vendor's pace
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(vendor.cutOff).hasValue(1));
        vendor.trickleMillis = 0;
        assertThat(call(client, "o-2")).as("the next call is answered").contains("ref-1");
    }

    @Test
    void anAnswerWhoseHeadIsTrickledIsCutAtTheReadTimeoutFromTheCallsStartAndNotSentAgain() {
        RestClient client = client(Duration.ofMillis(500));
        vendor.trickleMillis = 100; // the head too: ~90 bytes, ~9 s
        vendor.trickleHead = true;
        long started = System.nanoTime();

        assertThatThrownBy(() -> call(client, "o-1")).isInstanceOf(ResourceAccessException.class)
                .hasCauseInstanceOf(SocketTimeoutException.class)
                .hasStackTraceContaining("no whole answer within 500 ms of the call's start");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        assertThat(vendor.requests).as("a deliberate disconnect is not sent again").hasSize(1);
    }

    private String call(RestClient client, String orderId) {
        return client.post().uri(vendor.url("/users")).contentType(MediaType.APPLICATION_JSON)
                .body(("{\"orderId\":\"" + orderId + "\"}").getBytes(StandardCharsets.UTF_8)).retrieve()
                .body(String.class);
    }

    private static RestClient client(Duration readTimeout) {
        return RestClient.builder()
                .requestFactory(new BufferedUrlConnectionRequests(Proxy.NO_PROXY, Duration.ofSeconds(2), readTimeout))
                .build();
    }

    record Received(int connection, String line, List<String> headers, String body) {
    }

    /**
     * HTTP/1.1 on a socket, one thread per connection: reads each request whole (Content-Length bodies only) and
     * answers {@code {"vendorRef":"ref-<n>"}} with {@link #status}; closes the connection after each answer when told,
     * without saying so; answers nothing when told.
     */
    static final class BareServer implements AutoCloseable {

        final List<Received> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicBoolean closeAfterEachAnswer = new AtomicBoolean();
        final AtomicBoolean closedOne = new AtomicBoolean();
        final AtomicBoolean answer = new AtomicBoolean(true);
        /** Connections the client closed while an answer was being written. */
        final AtomicInteger cutOff = new AtomicInteger();
        volatile int status = 200;
        /** Bytes of padding in each answer's JSON. */
        volatile int padding;
        /** When above 0, the answer's body is written a byte at a time, this many milliseconds apart. */
        volatile int trickleMillis;
        /** With {@link #trickleMillis}, the head is written a byte at a time too. */
        volatile boolean trickleHead;
        private final ServerSocket server;
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        BareServer() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread accepting = new Thread(this::accept, "bare-vendor");
            accepting.setDaemon(true);
            accepting.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getLocalPort() + path;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    open.add(socket);
                    int connection = connections.incrementAndGet();
                    Thread serving = new Thread(() -> serve(socket, connection), "bare-vendor-" + connection);
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket socket, int connection) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    List<String> headers = new CopyOnWriteArrayList<>();
                    int length = 0;
                    for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
                        String lower = header.toLowerCase(Locale.ROOT);
                        headers.add(lower);
                        if (lower.startsWith("content-length:")) {
                            length = Integer.parseInt(lower.substring("content-length:".length()).strip());
                        }
                    }
                    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                    int n = requests.size();
                    requests.add(new Received(connection, line, headers, body));
                    if (!answer.get()) {
                        continue;
                    }
                    byte[] json = ("{\"vendorRef\":\"ref-" + n + "\"" + (padding == 0 ? ""
                            : ",\"padding\":\"" + "x".repeat(padding) + "\"") + "}").getBytes(StandardCharsets.UTF_8);
                    byte[] head = ("HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Service Unavailable")
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    if (trickleMillis > 0) {
                        if (trickleHead) {
                            for (byte b : head) {
                                out.flush();
                                Thread.sleep(trickleMillis);
                                out.write(b);
                            }
                        } else {
                            out.write(head);
                        }
                        try {
                            for (byte b : json) {
                                out.flush();
                                Thread.sleep(trickleMillis);
                                out.write(b);
                            }
                        } catch (IOException cut) {
                            cutOff.incrementAndGet(); // the client closed the connection in the middle of the body
                            return;
                        }
                    } else {
                        out.write(head);
                        out.write(json);
                    }
                    out.flush();
                    if (closeAfterEachAnswer.get()) {
                        socket.close();
                        closedOne.set(true);
                        return;
                    }
                }
            } catch (IOException gone) {
                // the client went away
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.US_ASCII);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        }
    }
}
