package io.extauth.provisioning.adapter.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

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
