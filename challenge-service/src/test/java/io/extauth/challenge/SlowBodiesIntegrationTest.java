package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.TestJwt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Callers that send a request's body slowly, or never, cannot take the service's request threads: a body that did not
 * come with its headers waits only in one of a few places ({@code extauth.http.late-bodies}, 4), and only until the
 * deadline ({@code extauth.http.late-body-deadline}, 5 s). Raw sockets, because no HTTP client sends a body so.
 */
class SlowBodiesIntegrationTest extends IntegrationTestBase {

    private static final int PLACES = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @LocalServerPort
    int port;
    @Value("${server.tomcat.threads.max}")
    int requestThreads;

    private final List<Socket> callers = new ArrayList<>();
    private final ExecutorService readers = Executors.newCachedThreadPool();

    @AfterEach
    void closeCallers() throws IOException {
        readers.shutdownNow();
        for (Socket socket : callers) {
            socket.close();
        }
    }

    @Test
    void moreBodiesThatNeverComeThanRequestThreadsAreRefusedOrCutAndEveryoneElseIsAnsweredAtOnce() throws Exception {
        int slow = requestThreads + 2;
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < slow; i++) {
            Socket socket = send("POST", "/callbacks/telephony", null, 200, "{");
            answers.add(readers.submit(() -> Answer.read(socket, Duration.ofSeconds(15))));
        }

        long asked = System.nanoTime();
        Answer health = Answer.read(send("GET", "/actuator/health", null, 0, ""), Duration.ofSeconds(10));
        Answer login = Answer.read(send("POST", "/api/challenges", TestJwt.portal(), 2, "{}"), Duration.ofSeconds(10));
        long answeredWithin = Duration.ofNanos(System.nanoTime() - asked).toMillis();

        assertThat(health.status()).as("a read while %d bodies never come", slow).isEqualTo(200);
        assertThat(login.status()).as("a login whose body came with it: its own problem, read").isEqualTo(400);
        assertThat(login.text()).contains("invalid-challenge-request");
        // without the places both would wait for a thread until a slow body's read timed out: Tomcat's 60 s before
        assertThat(answeredWithin).as("both answered without waiting for a thread").isLessThan(4_000);

        int busy = 0;
        int tooSlow = 0;
        for (Future<Answer> future : answers) {
            Answer answer = future.get();
            if (answer.status() == 503) {
                busy++;
                assertThat(answer.text()).contains("late-bodies-busy").contains("Retry-After: 1")
                        .containsIgnoringCase("Connection: close");
                assertThat(answer.millis()).as("refused at once, not at the deadline").isLessThan(4_000);
            } else {
                tooSlow++;
                assertThat(answer.status()).as(answer.text()).isEqualTo(408);
                assertThat(answer.text()).contains("body-too-slow").containsIgnoringCase("Connection: close");
                assertThat(answer.millis()).as("cut at the deadline").isBetween(DEADLINE.toMillis() - 500,
                        2 * DEADLINE.toMillis() + 2_000);
            }
        }
        assertThat(tooSlow).as("the late bodies waited for, one per place").isEqualTo(PLACES);
        assertThat(busy).isEqualTo(slow - PLACES);
        assertThat(meters.get("extauth.http.late.bodies.waiting").gauge().value()).isZero();
    }

    @Test
    void aBodyTrickledAByteAtATimeIsCutAtTheDeadlineNotWhenTheCallerStops() throws Exception {
        Socket socket = send("POST", "/callbacks/telephony", null, 4_000, "{");
        Future<Answer> answer = readers.submit(() -> Answer.read(socket, Duration.ofSeconds(30)));
        OutputStream out = socket.getOutputStream();
        try {
            for (int i = 0; i < 60 && !answer.isDone(); i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(250); // the caller's pace: a byte every 250 ms, well inside any read timeout
            }
        } catch (IOException closedByTheService) {
            // the service answered and closed the connection
        }

        Answer cut = answer.get();
        assertThat(cut.status()).as(cut.text()).isEqualTo(408);
        assertThat(cut.millis()).isBetween(DEADLINE.toMillis() - 500, DEADLINE.toMillis() + 2_000);
    }

    @Test
    void aBodyThatFollowsItsHeadersWithinTheDeadlineIsHandledAsAnyOther() throws Exception {
        String body = "{\"accountId\":\"" + accountId + "\"}";
        Socket socket = send("POST", "/api/challenges", TestJwt.portal(), body.length(), "");
        Future<Answer> answer = readers.submit(() -> Answer.read(socket, Duration.ofSeconds(10)));
        Thread.sleep(300); // the body comes apart from its headers, later
        socket.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();

        Answer handled = answer.get();
        assertThat(handled.status()).as(handled.text()).isEqualTo(400);
        assertThat(handled.text()).as("the body reached the endpoint's own checks").contains(
                "invalid-challenge-request").contains("userId");
    }

    @Test
    void aSmallChunkedBodyIsReadWholeInAPlaceAndHandledAsAnyOther() throws Exception {
        String body = "{\"accountId\":\"" + accountId + "\"}";
        Socket socket = sendChunked("/api/challenges", TestJwt.portal(), Integer.toHexString(body.length()) + "\r\n"
                + body + "\r\n0\r\n\r\n");

        Answer handled = Answer.read(socket, Duration.ofSeconds(10));
        assertThat(handled.status()).as(handled.text()).isEqualTo(400);
        assertThat(handled.text()).contains("invalid-challenge-request").contains("userId");
    }

    @Test
    void aChunkExtensionIsRefused400InsteadOfReadAByteAtATimeWhereNoDeadlineCutsIn() throws Exception {
        Socket socket = sendChunked("/api/challenges", TestJwt.portal(), "2;a=b\r\n{}\r\n0\r\n\r\n");

        Answer refused = Answer.read(socket, Duration.ofSeconds(10));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.text()).contains("unreadable-body").containsIgnoringCase("Connection: close");
    }

    /** Sends a POST with a chunked body, all of it at once. */
    private Socket sendChunked(String path, String token, String chunks) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        callers.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    /** Sends a request's headers and the first part of a body that declares {@code length}; sends nothing more. */
    private Socket send(String method, String path, String token, int length, String first) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        callers.add(socket);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (length > 0) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(length).append("\r\n");
        }
        head.append("\r\n").append(first);
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    /** What the service answered on a connection, and when, counted from the start of the read. */
    record Answer(int status, String text, long millis) {

        static Answer read(Socket socket, Duration wait) throws IOException {
            long start = System.nanoTime();
            socket.setSoTimeout((int) wait.toMillis());
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; !whole(received) && (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException none) {
                // what came so far, if anything
            } catch (IOException reset) {
                // the service closed the connection
            }
            String text = received.toString(StandardCharsets.ISO_8859_1);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Answer(status, text, millis);
        }

        /** The head and as many bytes of body as its Content-Length says (the services answer whole). */
        private static boolean whole(ByteArrayOutputStream received) {
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
            int at = head.indexOf("\r\ncontent-length: ");
            if (at < 0) {
                return false; // read until the service closes the connection
            }
            int from = at + "\r\ncontent-length: ".length();
            int to = head.indexOf("\r\n", from);
            long length = Long.parseLong(head.substring(from, to < 0 ? head.length() : to).trim());
            return text.length() - end - 4 >= length;
        }
    }
}
