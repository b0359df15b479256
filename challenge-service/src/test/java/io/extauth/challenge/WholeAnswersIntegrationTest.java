package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.PhoneFactorMethod;
import io.extauth.testsupport.TestJwt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Answers leave whole, with their length: one write when the request ends, not a chunked answer whose closing chunk
 * is a second write and a second packet for the caller (issue 14). Read on a raw connection, where the head shows how
 * the answer was framed.
 */
class WholeAnswersIntegrationTest extends IntegrationTestBase {

    @LocalServerPort
    int port;

    @Test
    void aPhoneFactorLoginsCreatedAnswerWrittenAfterTheVendorCallCarriesItsLength() throws IOException {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);

        String head = postAndReadHead("/api/challenges", TestJwt.portal(), """
                {"accountId":"%s","userId":"%s","channel":"PORTAL"}""".formatted(accountId, userId));

        assertThat(head).startsWith("HTTP/1.1 201 ");
        assertWhole(head);
    }

    @Test
    void aProblemAnswerCarriesItsLength() throws IOException {
        String head = postAndReadHead("/api/challenges", TestJwt.portal(), """
                {"accountId":"%s","userId":"%s","channel":"PORTAL"}""".formatted(accountId, "never-ordered"));

        assertThat(head).startsWith("HTTP/1.1 409 ");
        assertWhole(head);
    }

    private static void assertWhole(String head) {
        assertThat(head.toLowerCase(Locale.ROOT))
                .contains("\r\ncontent-length: ")
                .doesNotContain("transfer-encoding");
    }

    /** The answer's status line and headers, as they came over the connection. */
    private String postAndReadHead(String path, String token, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int next;
            while (matched < end.length && (next = in.read()) != -1) {
                head.write(next);
                matched = next == end[matched] ? matched + 1 : next == '\r' ? 1 : 0;
            }
            return head.toString(StandardCharsets.US_ASCII);
        }
    }
}
