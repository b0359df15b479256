package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** HTTP to a running stack, as the end-to-end tests play the portal, the phone, the token and the mailbox. */
final class StackClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final StackSettings settings;

    StackClient(StackSettings settings) {
        this.settings = settings;
    }

    /** Sends JSON (or nothing) and returns the parsed answer, failing with the body when the status differs. */
    JsonNode send(String method, String url, String token, Object body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s answered %s", method, url, response.body())
                    .isEqualTo(expectedStatus);
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ringing call to {@code number}, once there is one. */
    JsonNode awaitRingingCall(String number) {
        String calls = simulator("/telephony/calls?status=RINGING&to=" + encode(number));
        return await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", calls, null, null, 200),
                list -> list.size() > 0).get(0);
    }

    void answerCall(String callId, String keys) {
        send("POST", simulator("/telephony/calls/" + callId + "/answer"), null, Map.of("keys", keys), 200);
    }

    void answerTheRingingCall(String number, String keys) {
        answerCall(awaitRingingCall(number).path("callId").asText(), keys);
    }

    String securityCode(String credentialId, String step) {
        return send("GET", simulator("/vip/credentials/" + credentialId + "/code?step=" + step), null, null, 200)
                .path("code").asText();
    }

    /** The messages the mail read API lists for {@code to}, now. */
    JsonNode mail(String to) {
        return send("GET", "http://127.0.0.1:" + settings.mailApiPort() + "/messages?to=" + encode(to), null, null,
                200);
    }

    /**
     * Waits until challenge-service has taken the user's provisioning in: the e-mail can arrive a moment before its
     * {@code Provisioned} is consumed there.
     */
    void awaitProvisioned(String userUrl, String token) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> send("GET", userUrl, token, null, 200).path("state").asText(), "PROVISIONED"::equals);
    }

    JsonNode awaitMail(String to) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> mail(to), list -> list.size() > 0).get(0);
    }

    String order(String path) {
        return "http://127.0.0.1:" + settings.orderPort() + path;
    }

    String challenge(String path) {
        return "http://127.0.0.1:" + settings.challengePort() + path;
    }

    String simulator(String path) {
        return "http://127.0.0.1:" + settings.simulatorPort() + path;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
