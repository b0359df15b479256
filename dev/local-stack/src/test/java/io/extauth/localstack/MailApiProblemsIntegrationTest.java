package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine;
import tools.jackson.databind.ObjectMapper;

/**
 * Every error of the mail read API is an RFC 9457 problem ({@code type}, {@code title}, {@code status},
 * {@code detail}), as the services' and the vendor simulator's are: a wrong path, a method other than GET, a query
 * the API does not take, and a failure while it answers. Sent over HTTP to a running mail server.
 */
class MailApiProblemsIntegrationTest {

    @TempDir
    Path mailDir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private MailServer server;

    @BeforeEach
    void startTheMailServer() {
        server = new MailServer(0, 0, mailDir).start();
    }

    @AfterEach
    void stopTheMailServer() {
        server.close();
    }

    @Test
    void aPathTheApiDoesNotHaveIsA404ProblemThatNamesTheEndpointsItHas() throws Exception {
        for (String path : List.of("/", "/message", "/messages/jane@example.com", "/messagesx", "/deliveries/1")) {
            HttpResponse<String> answer = send("GET", path);

            JsonNode problem = assertProblem(answer, 404, "Not Found");
            assertThat(problem.get("detail").asString()).as(path)
                    .contains("GET " + path, "GET /messages[?to=…]", "GET /deliveries");
        }
    }

    @Test
    void aMethodOtherThanGetIsA405ProblemAndAllowSaysGet() throws Exception {
        for (String[] request : List.of(new String[] {"POST", "/messages"}, new String[] {"DELETE", "/messages"},
                new String[] {"PUT", "/deliveries"})) {
            HttpResponse<String> answer = send(request[0], request[1]);

            JsonNode problem = assertProblem(answer, 405, "Method Not Allowed");
            assertThat(problem.get("detail").asString()).startsWith(request[0] + " " + request[1]);
            assertThat(answer.headers().firstValue("Allow")).as(request[0] + " " + request[1]).hasValue("GET");
        }
        HttpResponse<String> head = send("HEAD", "/messages");
        assertThat(head.statusCode()).isEqualTo(405);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(head.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void aQueryParameterTheApiDoesNotTakeOrCannotReadIsA400ProblemThatSaysWhy() throws Exception {
        assertThat(detailOf400("/messages?To=jane%40example.com")).contains("only to", "'To'");
        assertThat(detailOf400("/messages?to=")).contains("'to' is empty");
        assertThat(detailOf400("/messages?to=jane%40example.com&to=joe%40example.com")).contains("more than once");
        assertThat(detailOf400("/deliveries?messageId=1")).contains("no query parameters");
    }

    @Test
    void theListsAnswerAsBeforeWithAndWithoutAnAddress() throws Exception {
        HttpResponse<String> all = send("GET", "/messages");
        HttpResponse<String> toJane = send("GET", "/messages?to=jane%40example.com");
        HttpResponse<String> deliveries = send("GET", "/deliveries");

        for (HttpResponse<String> answer : List.of(all, toJane, deliveries)) {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(json.readTree(answer.body()).isArray()).isTrue();
        }
    }

    @Test
    void aFailureWhileAnsweringIsA500ProblemNotAClosedConnection() throws Exception {
        // a delivery log the server cannot read as UTF-8
        Files.createDirectories(mailDir);
        Files.write(mailDir.resolve(MailServer.DELIVERY_LOG), new byte[] {'<', (byte) 0xC3, '\t', 'x', '\n'});

        HttpResponse<String> answer = send("GET", "/deliveries");

        assertProblem(answer, 500, "Internal Server Error");
    }

    @Test
    void aRefusedRequestIsStillTheMailApiRequestRefusedProblem() throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri("/messages"))
                .header("Sec-Fetch-Site", "cross-site").POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        JsonNode problem = assertProblem(answer, 403, "Forbidden");
        assertThat(problem.get("type").asString()).isEqualTo("https://extauth.io/problems/mail-api-request-refused");
    }

    @Test
    void extauthMailWithAnEmptyAddressPrintsWhatTheApiRefusedAndFails() {
        PrintStream errors = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new MailCommand()).execute("--to", "", "--mail-api-port",
                    String.valueOf(server.apiPort()));
        } finally {
            System.setErr(errors);
        }

        assertThat(code).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("the mail read API answered 400: 'to' is empty");
    }

    private String detailOf400(String pathAndQuery) throws Exception {
        return assertProblem(send("GET", pathAndQuery), 400, "Bad Request").get("detail").asString();
    }

    private HttpResponse<String> send(String method, String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).method(method, BodyPublishers.noBody()).build(),
                BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.apiPort() + pathAndQuery);
    }

    private JsonNode assertProblem(HttpResponse<String> answer, int status, String title) {
        String request = answer.request().method() + " " + answer.uri();
        assertThat(answer.statusCode()).as(request + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).as(request + ": " + answer.body())
                .hasValue("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.path("status").asInt()).as(request).isEqualTo(status);
        assertThat(problem.path("title").asString("")).as(request).isEqualTo(title);
        assertThat(problem.path("detail").asString("")).as(request).isNotBlank();
        if (status != 403) {
            assertThat(problem.path("type").asString("")).as(request).isEqualTo("about:blank");
        }
        return problem;
    }
}
