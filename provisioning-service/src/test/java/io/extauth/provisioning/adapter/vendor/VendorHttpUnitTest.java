package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorUnavailableException;
import io.extauth.service.words.ForeignWords;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.ObjectMapper;

/**
 * A vendor that cannot be reached is retried, and the reason kept (the order's {@code lastError}, which portal and
 * admin callers read) names no internal address: the HTTP client's own message carries the vendor's URL and host.
 */
class VendorHttpUnitTest {

    private final VendorHttp http = new VendorHttp(null);

    @Test
    void aVendorThatRefusesTheConnectionIsUnavailableWithoutItsAddressInTheReason() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/internal/phonefactor/users";

        VendorUnavailableException e = catchThrowableOfType(VendorUnavailableException.class,
                () -> http.call("PhoneFactor", "create the user", () -> {
                    RestClient.create().get().uri(url).retrieve().toBodilessEntity();
                    return new VendorAnswer.Refused("unreachable");
                }));

        assertThat(e.getCause().getMessage()).as("the client's own message").contains("127.0.0.1");
        assertThat(e.getMessage()).isEqualTo("PhoneFactor could not be reached to create the user: connection refused")
                .doesNotContain("127.0.0.1", String.valueOf(closed), "/internal");
    }

    @Test
    void aRefusalKeepsTheVendorsWordsOnOneLineMaskedAndBounded() throws IOException {
        // they become ProvisioningFailed.reason, the order's lastError, a WARN line and the audit: copied whole, a
        // vendor's 10 KB, its CR/LF and the user's address went everywhere
        String detail = "user jane.doe@example.com refused\r\nWARN forged line " + "x".repeat(10 * 1024);

        VendorAnswer answer = refusedWith(Map.of("code", "USER_REJECTED", "detail", detail));

        assertThat(answer).isInstanceOfSatisfying(VendorAnswer.Refused.class, refused -> assertThat(refused.reason())
                .startsWith("USER_REJECTED: user j***@example.com refused  WARN forged line")
                .doesNotContain("jane.doe@example.com", "\r", "\n")
                .hasSizeLessThanOrEqualTo(ForeignWords.MAX).endsWith("…"));
        assertThat(((VendorAnswer.Refused) answer).code()).as("the code apart, for the rules")
                .isEqualTo("USER_REJECTED");
    }

    @Test
    void aProblemWhoseCodeSaysNothingIsNoRefusalOfTheVendorsAndIsTriedAgain() {
        for (Map<String, String> problem : List.of(Map.of("code", ""), Map.of("code", " ", "detail", "no such user"),
                Map.of("code", "\u0000"), Map.of("code", "\u0007", "detail", "\t"), Map.of("code", "\u200b"))) {
            VendorUnavailableException e = catchThrowableOfType(VendorUnavailableException.class,
                    () -> refusedWith(problem));

            assertThat(e).as(problem.toString()).isNotNull();
        }
    }

    @Test
    void aRefusalWhoseDetailSaysNothingIsNamedByItsCodeNeverABlankReasonItsReadersRefuse() throws IOException {
        VendorAnswer answer = refusedWith(Map.of("code", "USER_REJECTED", "detail", "\r\n\u0000"));

        assertThat(answer).isInstanceOfSatisfying(VendorAnswer.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo("USER_REJECTED"));
    }

    /** What {@code call} answers when the vendor refuses with this problem body ({@code 422}). */
    private VendorAnswer refusedWith(Map<String, String> body) throws IOException {
        HttpServer vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vendor.createContext("/users", exchange -> {
            byte[] problem = new ObjectMapper().writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(422, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });
        vendor.start();
        try {
            String url = "http://127.0.0.1:" + vendor.getAddress().getPort() + "/users";
            return http.call("PhoneFactor", "create the user", () -> {
                RestClient.create().post().uri(url).retrieve().toBodilessEntity();
                return new VendorAnswer.Accepted("never");
            });
        } finally {
            vendor.stop(0);
        }
    }

    @Test
    void anAcceptanceWhoseVendorRefIsNoReferenceIsTriedAgainLikeAnUnreadableAnswer() throws IOException {
        // JSON's escape is a NUL once read, which PostgreSQL refuses in text; a reader that lets it through (the
        // service's refuses it already: service-kit's storable text) leaves it to the reference's own rule
        HttpServer vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vendor.createContext("/users", exchange -> {
            byte[] answer = "{\"vendorRef\":\"a\\u0000b\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        vendor.start();
        VendorUnavailableException e;
        try {
            String url = "http://127.0.0.1:" + vendor.getAddress().getPort() + "/users";
            e = catchThrowableOfType(VendorUnavailableException.class, () -> http.call("PhoneFactor",
                    "create the user", () -> VendorRef.accepted(
                            RestClient.create().post().uri(url).retrieve().body(VendorRef.class))));
        } finally {
            vendor.stop(0);
        }

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo(
                "the vendor accepted but sent a vendorRef that is no reference: U+0000 at 2 (only visible ASCII)");
    }

    @Test
    void aBodyThatDidNotComeWholeByTheDeadlineIsATimeoutNotAnUnreadableAnswer() {
        VendorUnavailableException e = catchThrowableOfType(VendorUnavailableException.class,
                () -> http.call("Symantec VIP", "register the credential", () -> {
                    throw new RestClientException("Error while extracting response for type [String]",
                            new SocketTimeoutException("no whole answer within 5000 ms of the call's start"));
                }));

        assertThat(e.getMessage()).isEqualTo("Symantec VIP could not be reached to register the credential: timed out");
    }

    @Test
    void aTimeoutAndAnUnknownHostAreNamedByWhatHappenedNotWhere() {
        String where = "I/O error on POST request for \"https://vip.corp.internal/api\": ";
        assertThat(VendorHttp.what(new ResourceAccessException(where + "Read timed out",
                new SocketTimeoutException("Read timed out")))).isEqualTo("timed out");
        assertThat(VendorHttp.what(new ResourceAccessException(where + "vip.corp.internal",
                new UnknownHostException("vip.corp.internal")))).isEqualTo("its host name could not be resolved");
        assertThat(VendorHttp.what(new ResourceAccessException(where + "stream closed",
                new IOException("stream closed: https://vip.corp.internal")))).isEqualTo("IOException");
    }
}
