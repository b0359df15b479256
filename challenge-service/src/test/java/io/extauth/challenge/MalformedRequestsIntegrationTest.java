package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * What Tomcat refuses before a request reaches the service — headers over its limit, a request line it cannot parse,
 * a body whose framing it cannot trust — is a problem too, not Tomcat's HTML page: a client that only reads JSON
 * learns what went wrong. Sent over a raw socket, as no well-behaved client would send them.
 */
class MalformedRequestsIntegrationTest extends IntegrationTestBase {

    @Value("${local.server.port}")
    int port;

    @Test
    void headersOverTheServersLimitAreA400Problem() throws IOException {
        String answer = exchange("GET /api/challenges/abc HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(12_000)
                + "\r\n\r\n");

        assertProblem(answer, 400);
    }

    @Test
    void aRequestLineTheServerCannotParseIsA400Problem() throws IOException {
        assertProblem(exchange("GET /api/chall|enges HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    }

    @Test
    void twoContentLengthsAreA400Problem() throws IOException {
        assertProblem(exchange("POST /api/challenges HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"), 400);
    }

    @Test
    void aTransferEncodingTheServerDoesNotImplementIsA501ThatSaysNothingWasDone() throws IOException {
        String answer = exchange("POST /api/challenges HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: xchunked\r\n\r\n");

        assertProblem(answer, 501);
        assertThat(answer).contains("Transfer-Encoding", "nothing was done").doesNotContain("whether the request");
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                answer.write(buffer, 0, n);
                if (answer.toString(StandardCharsets.ISO_8859_1).contains("}")) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertProblem(String answer, int status) {
        assertThat(answer).startsWith("HTTP/1.1 " + status);
        assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer).contains("\"status\":" + status, "\"type\":\"about:blank\"").doesNotContain("<html");
    }
}
