package io.extauth.notification.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.OversizedRequest;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.ViewRecorder;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** notification-service takes the service kit's bounds on input like every service. */
@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.mail.port=1")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class BoundedInputIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;

    /** Every view the service answered with carries each field the OpenAPI document calls required (ViewRecorder). */
    @AfterEach
    void everyViewOfTheServiceCarriesWhatItsContractRequires() {
        assertThat(ViewRecorder.takeFieldsTheContractRequiresButTheServicesLeftOut()).isEmpty();
    }

    @Test
    void anUnauthenticatedBodyDeclaringFourHundredMegabytesIsAnswered413Unread() throws Exception {
        OversizedRequest.Outcome outcome = OversizedRequest.post(port, "/api/accounts/1234/admin-contacts", null,
                400L * 1024 * 1024, false);

        assertThat(outcome.status()).as(outcome.answer()).isEqualTo(413);
    }

    @Test
    void aNulInAnAdminContactIsA422NamingTheEntry() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.admin("1234"));
        headers.setContentType(MediaType.APPLICATION_JSON);

        ResponseEntity<String> answer = http.exchange("/api/accounts/1234/admin-contacts", HttpMethod.PUT,
                new HttpEntity<>(Map.of("emails", Arrays.asList("ops@example.com", "ad\u0000min@example.com")),
                        headers), String.class);

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(422);
        assertThat(answer.getBody()).contains("\"field\":\"emails[1]\"").contains("INVALID_CHARACTER");
    }

    @Test
    void anAccountIdLongerThanAnyOrderTakesIsA422NotADatabaseOutageToRetry() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());
        headers.setContentType(MediaType.APPLICATION_JSON);
        String longest = "a".repeat(64);
        String tooLong = "a".repeat(65);
        HttpEntity<Map<String, Object>> list = new HttpEntity<>(Map.of("emails", List.of("ops@example.com")), headers);
        HttpEntity<Map<String, Object>> badList = new HttpEntity<>(Map.of("emails", List.of("not an address")),
                headers);

        ResponseEntity<String> refused = http.exchange("/api/accounts/" + tooLong + "/admin-contacts", HttpMethod.PUT,
                list, String.class);
        ResponseEntity<String> taken = http.exchange("/api/accounts/" + longest + "/admin-contacts", HttpMethod.PUT,
                list, String.class);

        ResponseEntity<String> both = http.exchange("/api/accounts/" + tooLong + "/admin-contacts", HttpMethod.PUT,
                badList, String.class);

        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(422);
        assertThat(refused.getBody()).contains("\"field\":\"accountId\"", "TOO_LONG");
        assertThat(taken.getStatusCode().value()).as(taken.getBody()).isEqualTo(200);
        assertThat(both.getBody()).as("every problem at once").contains("\"field\":\"accountId\"",
                "\"field\":\"emails[0]\"");
    }

    @Test
    void aNulInTheAccountIdOfThePathIsA400NotAServerError() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.operator());

        ResponseEntity<String> answer = http.exchange(URI.create("http://127.0.0.1:" + port
                + "/api/accounts/12%0034/users/u-1/emails"), HttpMethod.GET, new HttpEntity<>(headers), String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
    }
}
