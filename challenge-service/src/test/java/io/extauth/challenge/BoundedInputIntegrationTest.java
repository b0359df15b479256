package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.OversizedRequest;
import io.extauth.testsupport.TestJwt;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Callers cannot make the service read more than the body limit, or hand it text it cannot store. */
class BoundedInputIntegrationTest extends IntegrationTestBase {

    private static final long FOUR_HUNDRED_MB = 400L * 1024 * 1024;

    @LocalServerPort
    int port;

    @Test
    void fourParallelUnsignedFourHundredMegabyteCallbacksAreEachAnswered413AndTheServiceKeepsAnswering()
            throws Exception {
        ExecutorService attackers = Executors.newFixedThreadPool(4);
        try {
            List<Future<OversizedRequest.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean chunked = i % 2 == 0;
                outcomes.add(attackers.submit(() -> OversizedRequest.post(port, "/callbacks/telephony", null,
                        FOUR_HUNDRED_MB, chunked)));
            }
            for (Future<OversizedRequest.Outcome> outcome : outcomes) {
                OversizedRequest.Outcome answered = outcome.get();
                assertThat(answered.status()).as(answered.answer()).isEqualTo(413);
                assertThat(answered.bytesSent()).isLessThan(FOUR_HUNDRED_MB / 8);
            }
        } finally {
            attackers.shutdownNow();
        }
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aNulInTheUserIdOfAChallengeRequestIsA422NamingTheFieldNotAServerError() {
        ResponseEntity<String> answer = send(HttpMethod.POST, "/api/challenges",
                Map.of("accountId", accountId, "userId", "ca\u0000rol", "channel", "PORTAL"));

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(422);
        assertThat(answer.getBody()).contains("\"field\":\"userId\"").contains("INVALID_CHARACTER");
    }

    @Test
    void aNulInTheAccountIdQueryParameterIsA400ProblemNotAServerError() {
        ResponseEntity<String> answer = send(HttpMethod.GET, "/api/users/" + userId + "/external-auth?accountId="
                + accountId + "%00", null);

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
        assertThat(answer.getBody()).contains("'accountId'");
    }

    @Test
    void aNulInTheUserIdOfThePathIsA400NotAServerError() {
        ResponseEntity<String> answer = send(HttpMethod.GET, "/api/users/ca%00rol/external-auth?accountId="
                + accountId, null);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
    }

    /** Sends to an exact URI: a URI template would encode the '%' of {@code %00}. */
    private ResponseEntity<String> send(HttpMethod method, String pathAndQuery, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.portal());
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(URI.create("http://127.0.0.1:" + port + pathAndQuery), method,
                new HttpEntity<>(body, headers), String.class);
    }
}
