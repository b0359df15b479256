package io.extauth.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.extauth.simulator.callback.CallbackReceiver;
import io.extauth.simulator.callback.CallbackSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A vendor outage, as the chaos run injects it: the simulator stops while a call rings, a text and a push wait for the
 * user, and starts again on the same state file. A real gateway's outage cuts the contacts it carried and reports them
 * failed; so does the simulator, so that the service does not wait for an answer that can no longer come.
 */
class VendorOutageIntegrationTest {

    @TempDir
    Path directory;

    private final ObjectMapper json = new ObjectMapper();
    private CallbackReceiver receiver;
    private ConfigurableApplicationContext simulator;

    @BeforeEach
    void startAReceiver() throws Exception {
        receiver = new CallbackReceiver();
    }

    @AfterEach
    void stopEverything() {
        if (simulator != null) {
            simulator.close();
        }
        receiver.close();
    }

    @Test
    void contactsStillOpenWhenTheSimulatorStoppedAreFailedAfterItStartsAgainReportedOnceAndRefuseTheUser()
            throws Exception {
        Path state = directory.resolve("simulator/state.json");
        String later = Instant.now().plusSeconds(60).toString();
        RestClient before = start(state);
        String ringing = before.post().uri("/telephony/calls").body(Map.of("to", "+15551234567", "purpose",
                "CHALLENGE", "reference", "challenge-ringing", "callbackUrl", receiver.url(), "expiresAt", later))
                .retrieve().body(JsonNode.class).path("callId").asText();
        String answered = before.post().uri("/telephony/calls").body(Map.of("to", "+15551234567", "purpose",
                "CHALLENGE", "reference", "challenge-answered", "callbackUrl", receiver.url(), "expiresAt", later))
                .retrieve().body(JsonNode.class).path("callId").asText();
        String over = before.post().uri("/telephony/calls").body(Map.of("to", "+15551234567", "purpose",
                "CHALLENGE", "reference", "challenge-over", "callbackUrl", receiver.url(),
                "expiresAt", Instant.now().minusSeconds(1).toString()))
                .retrieve().body(JsonNode.class).path("callId").asText();
        String sms = before.post().uri("/telephony/sms").body(Map.of("to", "+15551234567", "text",
                "Your code is 123456", "reference", "challenge-sms", "callbackUrl", receiver.url(), "expiresAt", later))
                .retrieve().body(JsonNode.class).path("smsId").asText();
        String push = before.post().uri("/telephony/pushes").body(Map.of("userId", "u-1", "accountId", "acc-1",
                "message", "Sign in?", "withPin", false, "reference", "challenge-push", "callbackUrl", receiver.url(),
                "expiresAt", later)).retrieve().body(JsonNode.class).path("pushId").asText();
        before.post().uri("/telephony/calls/{id}/answer", answered).body(Map.of("keys", "#")).retrieve()
                .toBodilessEntity();
        simulator.close(); // the outage
        receiver.received().clear();
        receiver.attempts().clear();

        RestClient after = start(state);

        assertThat(after.get().uri("/telephony/calls/{id}", ringing).retrieve().body(JsonNode.class)
                .path("status").asText()).isEqualTo("FAILED");
        assertThat(after.get().uri("/telephony/sms/{id}", sms).retrieve().body(JsonNode.class)
                .path("status").asText()).isEqualTo("FAILED");
        assertThat(after.get().uri("/telephony/pushes/{id}", push).retrieve().body(JsonNode.class)
                .path("status").asText()).isEqualTo("FAILED");
        assertThat(after.get().uri("/telephony/calls/{id}", answered).retrieve().body(JsonNode.class)
                .path("status").asText()).as("an answered call stays answered").isEqualTo("ANSWERED");
        assertThat(after.get().uri("/telephony/calls/{id}", over).retrieve().body(JsonNode.class)
                .path("status").asText()).as("a call past its end stays expired").isEqualTo("EXPIRED");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);
        List<JsonNode> callbacks = receiver.received().stream().map(callback -> json.readTree(callback.body()))
                .toList();
        assertThat(callbacks).anySatisfy(callback -> assertThat(callback).isEqualTo(json.readTree("""
                {"kind": "CALL", "id": "%s", "reference": "challenge-ringing", "status": "FAILED",
                 "keys": null, "text": null, "pin": null, "reportFraud": false}""".formatted(ringing))));
        assertThat(callbacks).extracting(callback -> callback.path("kind").asText() + " "
                + callback.path("reference").asText() + " " + callback.path("status").asText())
                .containsExactlyInAnyOrder("CALL challenge-ringing FAILED", "SMS challenge-sms FAILED",
                        "PUSH challenge-push FAILED");
        assertThat(receiver.received()).allSatisfy(callback -> assertThat(CallbackSignature.verify(
                VendorSimulatorIntegrationTest.SECRET, "/callbacks", callback.body(), callback.signature())).isTrue());

        assertThat(statusOf(after.post().uri("/telephony/calls/{id}/answer", ringing).body(Map.of("keys", "#"))))
                .as("the user's key press on a dropped call").isEqualTo(409);
        assertThat(statusOf(after.post().uri("/telephony/sms/{id}/reply", sms).body(Map.of("text", "123456"))))
                .isEqualTo(409);
        assertThat(statusOf(after.post().uri("/telephony/pushes/{id}/approve", push).body(Map.of())))
                .isEqualTo(409);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> receiver.attempts().size() == 3);
    }

    @Test
    void aCallStillRingingWhenTheSimulatorStoppedIsFailedAndReportedEvenWhenItsEndPassedDuringTheOutage()
            throws Exception {
        Path state = directory.resolve("state.json");
        RestClient before = start(state);
        Instant end = Instant.now().plusSeconds(1);
        String ringing = before.post().uri("/telephony/calls").body(Map.of("to", "+15551234567", "purpose",
                "CHALLENGE", "reference", "challenge-cut", "callbackUrl", receiver.url(), "expiresAt", end.toString()))
                .retrieve().body(JsonNode.class).path("callId").asText();
        simulator.close(); // the outage, longer than the call
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(end.plusMillis(100)));

        RestClient after = start(state);

        assertThat(after.get().uri("/telephony/calls/{id}", ringing).retrieve().body(JsonNode.class)
                .path("status").asText()).as("cut by the outage, not left unanswered").isEqualTo("FAILED");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        assertThat(json.readTree(receiver.received().get(0).body()).path("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void aSecondStartReportsNothingAgain() throws Exception {
        Path state = directory.resolve("state.json");
        RestClient first = start(state);
        first.post().uri("/telephony/calls").body(Map.of("to", "+15551234567", "purpose", "CHALLENGE",
                "reference", "challenge-once", "callbackUrl", receiver.url(),
                "expiresAt", Instant.now().plusSeconds(60).toString())).retrieve().toBodilessEntity();
        simulator.close();
        start(state);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        simulator.close();

        start(state);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> receiver.attempts().size() == 1);
    }

    @Test
    void aSimulatorThatStandsForAVendorOutsideARestartKeepsItsCallsRingingWhenTold() throws Exception {
        Path state = directory.resolve("state.json");
        RestClient before = start(state, "--simulator.outage.cut-open-contacts=false");
        String ringing = before.post().uri("/telephony/calls").body(Map.of("to", "+15551234567", "purpose",
                "CHALLENGE", "reference", "challenge-kept", "callbackUrl", receiver.url(),
                "expiresAt", Instant.now().plusSeconds(60).toString())).retrieve().body(JsonNode.class)
                .path("callId").asText();
        simulator.close(); // the local stack restarting: extauth restarts, the vendor outside would not have

        RestClient after = start(state, "--simulator.outage.cut-open-contacts=false");

        assertThat(after.get().uri("/telephony/calls/{id}", ringing).retrieve().body(JsonNode.class)
                .path("status").asText()).isEqualTo("RINGING");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> receiver.attempts().isEmpty());
    }

    private RestClient start(Path state, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--simulator.callback-secret=" + VendorSimulatorIntegrationTest.SECRET,
                "--simulator.state-file=" + state, "--spring.main.banner-mode=off", "--spring.jmx.enabled=false"));
        arguments.addAll(List.of(more));
        simulator = new SpringApplicationBuilder(VendorSimulatorApplication.class).run(arguments.toArray(String[]::new));
        int port = ((WebServerApplicationContext) simulator).getWebServer().getPort();
        return simulator.getBean(RestClient.Builder.class).baseUrl("http://localhost:" + port).build();
    }

    private static int statusOf(RestClient.RequestBodySpec request) {
        HttpStatusCode status = request.exchange((sent, response) -> response.getStatusCode());
        return status.value();
    }
}
