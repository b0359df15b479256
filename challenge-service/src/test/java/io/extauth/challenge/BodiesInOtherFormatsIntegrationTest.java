package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.PhoneFactorMethod;
import io.extauth.testsupport.TestJwt;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * A careless or hostile caller who sends a body in another format than JSON, or a Content-Type that names none, gets
 * a problem that says so; nothing reads such a body past the service's checks (the NUL a YAML body carried once
 * reached the database as a 500), and a failure nothing foresaw is a problem too, one that tells nothing of itself.
 */
class BodiesInOtherFormatsIntegrationTest extends IntegrationTestBase {

    @Test
    void aChallengeRequestSentAsYamlIs415AndStartsNothingNotEvenWithANulInIt() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        for (String yaml : new String[] {
            "accountId: " + accountId + "\nuserId: " + userId + "\nchannel: PORTAL\n",
            "accountId: " + accountId + "\nuserId: \"x\\0y\"\nchannel: PORTAL\n"}) {
            ResponseEntity<String> answer = send(HttpMethod.POST, "/api/challenges", "application/yaml", yaml, null);

            assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(415);
            assertProblem(answer);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE user_id = ?", Integer.class, userId))
                .as("no challenge started from a YAML body").isZero();
    }

    @Test
    void bodiesInXmlCborSmileOrPlainTextAre415Problems() {
        String json = "{\"accountId\":\"" + accountId + "\",\"userId\":\"" + userId + "\",\"channel\":\"PORTAL\"}";
        for (String type : new String[] {"application/x-yaml", "text/yaml", "application/xml", "text/xml",
            "application/cbor", "application/x-jackson-smile", "text/plain", "application/octet-stream"}) {
            ResponseEntity<String> answer = send(HttpMethod.POST, "/api/challenges", type, json, null);

            assertThat(answer.getStatusCode().value()).as(type + ": " + answer.getBody()).isEqualTo(415);
            assertProblem(answer);
        }
    }

    @Test
    void aContentTypeWithAWildcardIsA415ProblemNotAServerError() {
        String json = "{\"accountId\":\"" + accountId + "\",\"userId\":\"" + userId + "\",\"channel\":\"PORTAL\"}";
        for (String type : new String[] {"application/*+json", "application/*", "*/*"}) {
            ResponseEntity<String> answer = send(HttpMethod.POST, "/api/challenges", type, json, null);

            assertThat(answer.getStatusCode().value()).as(type + ": " + answer.getBody()).isEqualTo(415);
            assertProblem(answer);
            assertThat(answer.getBody()).contains("https://extauth.io/problems/unsupported-media-type");
        }
    }

    @Test
    void aContentTypeWithAWildcardAndNoBodyIsA415ProblemToo() {
        ResponseEntity<String> answer = send(HttpMethod.POST, "/api/challenges", "application/*+json", "", null);
        ResponseEntity<String> read = send(HttpMethod.GET, userPath(""), "*/*", null, null);

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(415);
        assertThat(answer.getBody()).contains("https://extauth.io/problems/unsupported-media-type");
        assertThat(read.getStatusCode().value()).as(read.getBody()).isEqualTo(415);
    }

    @Test
    void aChallengeAskedForWithAnAnswerOnlyInYamlIsA406BeforeAnyCallIsPlaced() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        int contactsBefore = jdbc.queryForObject("SELECT count(*) FROM contact_attempt WHERE user_id = ?",
                Integer.class, userId);
        String json = "{\"accountId\":\"" + accountId + "\",\"userId\":\"" + userId + "\",\"channel\":\"PORTAL\"}";

        ResponseEntity<String> answer = send(HttpMethod.POST, "/api/challenges", "application/json", json,
                "application/yaml");

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(406);
        assertProblem(answer);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE user_id = ?", Integer.class, userId))
                .as("no challenge started").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contact_attempt WHERE user_id = ?", Integer.class,
                userId)).as("no call placed").isEqualTo(contactsBefore);
    }

    @Test
    void anAnswerAskedForOnlyInYamlOrXmlIsA406ProblemAndJsonIsStillServed() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        for (String accept : new String[] {"application/yaml", "application/xml"}) {
            ResponseEntity<String> answer = send(HttpMethod.GET, userPath(""), null, null, accept);

            assertThat(answer.getStatusCode().value()).as(accept + ": " + answer.getBody()).isEqualTo(406);
            assertProblem(answer);
        }
        ResponseEntity<String> json = send(HttpMethod.GET, userPath(""), null, null,
                "application/yaml;q=0.9, application/json;q=0.5");
        assertThat(json.getStatusCode().value()).isEqualTo(200);
        assertThat(json.getHeaders().getContentType().toString()).startsWith("application/json");
    }

    @Test
    void anAcceptHeaderNoOneCanParseIsA406ProblemAndNothingIsDone() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        for (String accept : new String[] {"application/", "json", "application/json;q=", "*/json"}) {
            ResponseEntity<String> read = send(HttpMethod.GET, userPath(""), null, null, accept);

            assertThat(read.getStatusCode().value()).as(accept + ": " + read.getBody()).isEqualTo(406);
            assertProblem(read);
        }
        ResponseEntity<String> start = send(HttpMethod.POST, "/api/challenges", "application/json", "{\"accountId\":\""
                + accountId + "\",\"userId\":\"" + userId + "\",\"channel\":\"PORTAL\"}", "application/");

        assertThat(start.getStatusCode().value()).as(start.getBody()).isEqualTo(406);
        assertProblem(start);
        // not only ours: an unknown path and a library's document, whose errors Spring would send without a body
        for (String path : new String[] {"/api/no-such-thing", "/v3/api-docs"}) {
            ResponseEntity<String> other = send(HttpMethod.GET, path, null, null, "application/");
            assertThat(other.getStatusCode().value()).as(path + ": " + other.getBody()).isEqualTo(406);
            assertProblem(other);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM challenge WHERE user_id = ?", Integer.class, userId))
                .as("no challenge started").isZero();
    }

    @Test
    void theApiDocumentsAreStillServedInYamlWhereTheyOfferIt() {
        ResponseEntity<String> openApi = send(HttpMethod.GET, "/v3/api-docs.yaml", null, null, null);

        assertThat(openApi.getStatusCode().value()).isEqualTo(200);
        assertThat(openApi.getBody()).startsWith("openapi:");
        ResponseEntity<String> asYaml = send(HttpMethod.GET, "/v3/api-docs.yaml", null, null,
                "application/vnd.oai.openapi");
        assertThat(asYaml.getStatusCode().value()).as("asked for in the type it answers").isEqualTo(200);
        ResponseEntity<String> asyncApi = send(HttpMethod.GET, "/springwolf/docs.yaml", null, null,
                "application/yaml");
        assertThat(asyncApi.getStatusCode().value()).isEqualTo(200);
        assertThat(asyncApi.getBody()).contains("asyncapi:");
    }

    @Test
    void aFailureNothingForesawIsA500ProblemThatSaysNothingOfIt() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        // refuses this user's new challenges when the issue commits: a failure no handler knows
        jdbc.execute("ALTER TABLE challenge ADD CONSTRAINT test_fails CHECK (user_id <> '" + userId + "') NOT VALID");
        ResponseEntity<String> answer;
        try {
            answer = send(HttpMethod.POST, "/api/challenges", "application/json", "{\"accountId\":\"" + accountId
                    + "\",\"userId\":\"" + userId + "\",\"channel\":\"PORTAL\"}", null);
        } finally {
            jdbc.execute("ALTER TABLE challenge DROP CONSTRAINT test_fails");
        }

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(500);
        assertProblem(answer);
        assertThat(answer.getBody()).contains("\"type\":\"about:blank\"").contains("\"status\":500")
                .doesNotContainIgnoringCase("test_fails").doesNotContainIgnoringCase("constraint")
                .doesNotContainIgnoringCase("sql").doesNotContain("Exception").doesNotContain("trace");
    }

    @Test
    void theErrorPageAskedForDirectlyIsAnUnknownPath() {
        ResponseEntity<String> answer = send(HttpMethod.GET, "/error", null, null, null);

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(404);
        assertProblem(answer);
        assertThat(answer.getBody()).contains("https://extauth.io/problems/no-such-path");
    }

    private ResponseEntity<String> send(HttpMethod method, String path, String contentType, String body,
            String accept) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.portal());
        if (contentType != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        }
        if (accept != null) {
            headers.set(HttpHeaders.ACCEPT, accept);
        }
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return http.exchange(path, method, new HttpEntity<>(bytes, headers), String.class);
    }

    private static void assertProblem(ResponseEntity<String> answer) {
        assertThat(answer.getHeaders().getContentType()).as(answer.getBody()).isNotNull();
        assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(answer.getBody()).contains("\"status\":" + answer.getStatusCode().value());
    }
}
