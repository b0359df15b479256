package io.extauth.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every error the simulator answers is an RFC 9457 problem with a {@code type}, {@code title}, {@code status},
 * {@code detail} and {@code code}, also those Spring, the container and Tomcat answer on their own: a client that reads
 * JSON learns what went wrong. Sent over HTTP to the running simulator, the malformed ones over a raw socket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "simulator.callback-secret=" + VendorSimulatorIntegrationTest.SECRET)
@Import(SimulatorProblemsIntegrationTest.FailingController.class)
class SimulatorProblemsIntegrationTest {

    /**
     * An answer of the server in front of the simulator's API, not of the vendor: no {@code code}, which the services
     * would take for the vendor's own refusal of an order instead of trying it again.
     */
    private static final @Nullable String SERVERS_OWN = null;

    private static final String ABOUT_BLANK = "about:blank";

    @LocalServerPort
    private int port;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** A handler that fails as no handler of the simulator foresees, with a message the answer must not repeat. */
    @RestController
    static class FailingController {

        @GetMapping("/test/failure")
        String fail() {
            throw new IllegalStateException("the cause, with a secret-4321 the answer must not repeat");
        }
    }

    @Test
    void aPathNoEndpointServesIsA404ProblemThatNamesTheMethodAndPath() throws Exception {
        HttpResponse<String> answer = send("GET", "/no-such-endpoint", null, null);

        JsonNode problem = assertProblem(answer, HttpStatus.NOT_FOUND, SERVERS_OWN);
        assertThat(problem.get("detail").asString()).contains("GET /no-such-endpoint");
    }

    @Test
    void theErrorPageAskedForDirectlyIsA404ProblemAsAnyUnknownPath() throws Exception {
        HttpResponse<String> answer = send("GET", "/error", null, null);

        JsonNode problem = assertProblem(answer, HttpStatus.NOT_FOUND, SERVERS_OWN);
        assertThat(problem.get("detail").asString()).contains("GET /error");
    }

    @Test
    void aMethodThePathDoesNotHaveIsA405ProblemAndAllowNamesThoseItHas() throws Exception {
        HttpResponse<String> answer = send("DELETE", "/telephony/calls", null, null);

        assertProblem(answer, HttpStatus.METHOD_NOT_ALLOWED, SERVERS_OWN);
        assertThat(answer.headers().firstValue("Allow")).hasValueSatisfying(allow ->
                assertThat(allow).contains("GET", "POST"));
    }

    @Test
    void traceWhichTomcatRefusesItselfIsA405Problem() throws Exception {
        HttpResponse<String> answer = send("TRACE", "/telephony/calls", null, null);

        JsonNode problem = assertProblem(answer, HttpStatus.METHOD_NOT_ALLOWED, SERVERS_OWN);
        assertThat(problem.get("detail").asString()).contains("TRACE /telephony/calls");
    }

    @Test
    void aBodyInAnotherFormatThanJsonIsA415Problem() throws Exception {
        HttpResponse<String> answer = send("POST", "/telephony/calls", "text/plain", "to=+15551234567");

        assertProblem(answer, HttpStatus.UNSUPPORTED_MEDIA_TYPE, SERVERS_OWN);
    }

    @Test
    void anAcceptThatAdmitsNoJsonIsA406ProblemWrittenAsJsonAnyway() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/telephony/calls")).header("Accept", "application/xml")
                .GET().build();
        HttpResponse<String> answer = client.send(request, BodyHandlers.ofString());

        assertProblem(answer, HttpStatus.NOT_ACCEPTABLE, SERVERS_OWN);
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

        assertProblem(answer, HttpStatus.NOT_FOUND, SERVERS_OWN);
    }

    @Test
    void aFailureNoHandlerForesawIsA500ProblemThatSaysNothingOfTheFailure() throws Exception {
        HttpResponse<String> answer = send("GET", "/test/failure", null, null);

        assertProblem(answer, HttpStatus.INTERNAL_SERVER_ERROR, SERVERS_OWN);
        assertThat(answer.body()).doesNotContain("secret-4321", "IllegalStateException");
    }

    @Test
    void aRequestForAnotherHostNameIsA403ProblemWithItsTypeAndNoVendorsCode() throws IOException {
        RawAnswer answer = raw("GET /telephony/calls HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");

        JsonNode problem = assertRawProblem(answer, HttpStatus.FORBIDDEN);
        assertThat(problem.get("type").asString()).isEqualTo("https://extauth.io/problems/simulator-request-refused");
        assertThat(problem.has("code")).as("not the vendor's refusal: " + problem).isFalse();
    }

    @Test
    void aPathTomcatCannotTakeIsA400ProblemNotTomcatsHtmlPage() throws IOException {
        for (String path : new String[] {"/telephony%2Fcalls", "/telephony/ca|lls"}) {
            RawAnswer answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            assertThat(assertRawProblem(answer, HttpStatus.BAD_REQUEST).has("code")).as(path).isFalse();
        }
    }

    @Test
    void headersOverTheServersLimitAreA400Problem() throws IOException {
        RawAnswer answer = raw("GET /telephony/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "x".repeat(12_000)
                + "\r\nConnection: close\r\n\r\n");

        assertRawProblem(answer, HttpStatus.BAD_REQUEST);
    }

    /** An answer read off a raw socket: its head as sent, and the JSON object in its body, if any. */
    private record RawAnswer(String head, String body) {
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

    private JsonNode assertProblem(HttpResponse<String> response, HttpStatus status, @Nullable String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status.value());
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertFields(problem, status);
        if (code == null) {
            assertThat(problem.has("code")).as("the server's answer, not the vendor's: " + problem).isFalse();
        } else {
            assertThat(problem.path("code").asString("")).isEqualTo(code);
        }
        return problem;
    }

    private JsonNode assertRawProblem(RawAnswer answer, HttpStatus status) {
        assertThat(answer.head()).as(answer.head() + answer.body()).startsWith("HTTP/1.1 " + status.value());
        assertThat(answer.head().toLowerCase()).as(answer.head() + answer.body())
                .contains("content-type: application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertFields(problem, status);
        return problem;
    }

    private static void assertFields(JsonNode problem, HttpStatus status) {
        assertThat(problem.get("status").asInt()).as(problem.toString()).isEqualTo(status.value());
        assertThat(problem.get("title").asString()).as(problem.toString()).isEqualTo(status.getReasonPhrase());
        assertThat(problem.path("detail").asString("")).as(problem.toString()).isNotBlank();
        assertThat(problem.path("type").asString("")).as(problem.toString()).isNotBlank();
        if (status != HttpStatus.FORBIDDEN) {
            assertThat(problem.get("type").asString()).as(problem.toString()).isEqualTo(ABOUT_BLANK);
        }
    }

    /** A request written as it is, as no well-behaved client sends it, and the answer until the connection ends. */
    private RawAnswer raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
            String answer = read.toString(StandardCharsets.UTF_8);
            int headEnd = answer.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
            int start = answer.indexOf('{');
            int end = answer.lastIndexOf('}');
            return new RawAnswer(head, start < 0 || end < start ? "{}" : answer.substring(start, end + 1));
        }
    }
}
