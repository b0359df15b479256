package io.extauth.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every error the simulator answers is an RFC 9457 problem with a {@code type}, {@code title}, {@code status},
 * {@code detail} and {@code code}, also those Spring answers on its own: a client that reads JSON learns what went
 * wrong. Sent over HTTP to the running simulator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "simulator.callback-secret=" + VendorSimulatorIntegrationTest.SECRET)
class SimulatorProblemsIntegrationTest {

    private static final String ABOUT_BLANK = "about:blank";

    @LocalServerPort
    private int port;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aPathNoEndpointServesIsA404ProblemThatNamesTheMethodAndPath() throws Exception {
        HttpResponse<String> answer = send("GET", "/no-such-endpoint", null, null);

        JsonNode problem = assertProblem(answer, HttpStatus.NOT_FOUND, "NOT_FOUND");
        assertThat(problem.get("detail").asString()).contains("GET /no-such-endpoint");
    }

    @Test
    void aMethodThePathDoesNotHaveIsA405ProblemAndAllowNamesThoseItHas() throws Exception {
        HttpResponse<String> answer = send("DELETE", "/telephony/calls", null, null);

        assertProblem(answer, HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED");
        assertThat(answer.headers().firstValue("Allow")).hasValueSatisfying(allow ->
                assertThat(allow).contains("GET", "POST"));
    }

    @Test
    void aBodyInAnotherFormatThanJsonIsA415Problem() throws Exception {
        HttpResponse<String> answer = send("POST", "/telephony/calls", "text/plain", "to=+15551234567");

        assertProblem(answer, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void anAcceptThatAdmitsNoJsonIsA406ProblemWrittenAsJsonAnyway() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/telephony/calls")).header("Accept", "application/xml")
                .GET().build();
        HttpResponse<String> answer = client.send(request, BodyHandlers.ofString());

        assertProblem(answer, HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE");
    }

    @Test
    void aBodyThatIsNotJsonIsA400ProblemThatSaysWhereWithoutRepeatingWhatWasSent() throws Exception {
        HttpResponse<String> answer = send("POST", "/telephony/pushes/push-1/approve", "application/json",
                "{\"pin\": 4321x}");

        JsonNode problem = assertProblem(answer, HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("not valid JSON at line 1");
        assertThat(answer.body()).doesNotContain("4321");
    }

    @Test
    void aValueOfTheWrongJsonTypeIsA400ProblemThatNamesTheFieldAndWhatItMustBe() throws Exception {
        HttpResponse<String> answer = send("PUT", "/simulator/faults", "application/json", "{\"errorRate\":\"often\"}");

        JsonNode problem = assertProblem(answer, HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("errorRate");
        assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo("must be a number");
    }

    @Test
    void aMissingBodyIsA400Problem() throws Exception {
        HttpResponse<String> answer = send("POST", "/telephony/calls", "application/json", null);

        JsonNode problem = assertProblem(answer, HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("(body)");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsA400ProblemThatListsTheValuesItTakes() throws Exception {
        HttpResponse<String> answer = send("GET", "/telephony/calls?status=RINGIN", null, null);

        JsonNode problem = assertProblem(answer, HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("status");
        assertThat(problem.get("errors").get(0).get("message").asString()).startsWith("must be one of RINGING,");
    }

    @Test
    void aStepOtherThanCurrentOrNextIsA400ProblemNotTheCurrentCode() throws Exception {
        HttpResponse<String> answer = send("GET", "/vip/credentials/VSST12345678/code?step=later", null, null);

        JsonNode problem = assertProblem(answer, HttpStatus.BAD_REQUEST, "INVALID_REQUEST");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("step");
    }

    @Test
    void aHealthGroupTheActuatorDoesNotHaveIsA404Problem() throws Exception {
        HttpResponse<String> answer = send("GET", "/actuator/health/no-such-group", null, null);

        assertProblem(answer, HttpStatus.NOT_FOUND, "NOT_FOUND");
    }

    private HttpResponse<String> send(String method, String path, @Nullable String contentType, @Nullable String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private JsonNode assertProblem(HttpResponse<String> response, HttpStatus status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status.value());
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertFields(problem, status);
        assertThat(problem.path("code").asString("")).isEqualTo(code);
        return problem;
    }

    private static void assertFields(JsonNode problem, HttpStatus status) {
        assertThat(problem.get("status").asInt()).as(problem.toString()).isEqualTo(status.value());
        assertThat(problem.get("title").asString()).as(problem.toString()).isEqualTo(status.getReasonPhrase());
        assertThat(problem.path("detail").asString("")).as(problem.toString()).isNotBlank();
        assertThat(problem.path("type").asString("")).as(problem.toString()).isEqualTo(ABOUT_BLANK);
    }
}
