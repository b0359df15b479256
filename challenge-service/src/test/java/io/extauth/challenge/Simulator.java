package io.extauth.challenge;

import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import io.extauth.simulator.VendorSimulatorApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * The vendor simulator, started once per test JVM on a free port, and the user's phone, app and token played
 * through its API as a test outside the project would.
 */
public final class Simulator {

    /** The same random secret the service under test gets from the test classpath. */
    public static final String CALLBACK_SECRET = io.extauth.testsupport.TestDefaults.CALLBACK_SECRET;

    /** The simulator shares this classpath but has no database, broker or security of its own. */
    private static final String EXCLUDES = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "io.extauth.service.security.SecurityAutoConfiguration",
            "io.extauth.messaging.MessagingAutoConfiguration");

    private static ConfigurableApplicationContext context;
    private static String baseUrl;
    private static RestClient http;

    private Simulator() {
    }

    public static synchronized String baseUrl() {
        if (context == null) {
            context = new SpringApplicationBuilder(VendorSimulatorApplication.class).run("--server.port=0",
                    "--simulator.callback-secret=" + CALLBACK_SECRET, "--extauth.embedded-postgres.enabled=false",
                    "--springwolf.enabled=false", "--spring.autoconfigure.exclude=" + EXCLUDES);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            baseUrl = "http://127.0.0.1:" + port;
            // Boot's builder: its JSON converter is the one the simulator answers with (Jackson 3, like our trees)
            http = context.getBean(RestClient.Builder.class).baseUrl(baseUrl).build();
        }
        return baseUrl;
    }

    private static RestClient http() {
        baseUrl();
        return http;
    }

    /** Waits for the RINGING call with this reference (a challenge or verification id) and returns its id. */
    public static String ringingCall(String reference) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> find("/telephony/calls", reference, "callId"),
                id -> id != null);
    }

    /** The user picks up and presses keys; the simulator delivers the callback before answering. */
    public static void answer(String callId, String keys) {
        http().post().uri("/telephony/calls/{id}/answer", callId).body(Map.of("keys", keys)).retrieve()
                .toBodilessEntity();
    }

    public static void noAnswer(String callId) {
        http().post().uri("/telephony/calls/{id}/no-answer", callId).retrieve().toBodilessEntity();
    }

    public static String smsText(String reference) {
        String smsId = await().atMost(Duration.ofSeconds(10)).until(() -> find("/telephony/sms", reference, "smsId"),
                id -> id != null);
        return http().get().uri("/telephony/sms/{id}", smsId).retrieve().body(JsonNode.class).path("text").asText();
    }

    /** The call as the gateway placed it: {@code to} (E.164, with {@code ;ext=} when there is one), status. */
    public static JsonNode call(String callId) {
        return http().get().uri("/telephony/calls/{id}", callId).retrieve().body(JsonNode.class);
    }

    /** Waits for the SMS with this reference (a challenge id) and returns it: smsId, to, text. */
    public static JsonNode sms(String reference) {
        String smsId = await().atMost(Duration.ofSeconds(10)).until(() -> find("/telephony/sms", reference, "smsId"),
                id -> id != null);
        return http().get().uri("/telephony/sms/{id}", smsId).retrieve().body(JsonNode.class);
    }

    /** The user replies to the text on the phone; the simulator delivers the callback before answering. */
    public static void replySms(String smsId, String text) {
        http().post().uri("/telephony/sms/{id}/reply", smsId).body(Map.of("text", text)).retrieve()
                .toBodilessEntity();
    }

    /** Waits for the app push with this reference (a challenge id) and returns it: pushId, withPin, message. */
    public static JsonNode push(String reference) {
        String pushId = await().atMost(Duration.ofSeconds(10))
                .until(() -> find("/telephony/pushes", reference, "pushId"), id -> id != null);
        return http().get().uri("/telephony/pushes/{id}", pushId).retrieve().body(JsonNode.class);
    }

    /** The user approves the push in the app, with the PIN when it asked for one (null for none). */
    public static void approvePush(String pushId, String pin) {
        http().post().uri("/telephony/pushes/{id}/approve", pushId)
                .body(pin == null ? Map.of() : Map.of("pin", pin)).retrieve().toBodilessEntity();
    }

    /** Someone else validates a code with VIP first, so it has been used when the user types it. */
    public static JsonNode validate(String credentialId, String code) {
        return http().post().uri("/vip/credentials/{id}/validate", credentialId).body(Map.of("code", code))
                .retrieve().body(JsonNode.class);
    }

    public static String currentCode(String credentialId) {
        return http().get().uri("/vip/credentials/{id}/code", credentialId).retrieve().body(JsonNode.class)
                .path("code").asText();
    }

    /** Forgets which codes were used, so one code may serve an activation and then a challenge. */
    public static void forgetUsedCodes() {
        http().post().uri("/simulator/reset").retrieve().toBodilessEntity();
    }

    /** How many calls, texts and pushes went out with this reference (a challenge id), without waiting. */
    public static int deliveriesFor(String reference) {
        int count = 0;
        for (String path : List.of("/telephony/calls", "/telephony/sms", "/telephony/pushes")) {
            JsonNode all = http().get().uri(path).retrieve().body(JsonNode.class);
            count += (int) StreamSupport.stream(all.spliterator(), false)
                    .filter(item -> reference.equals(item.path("reference").asText())).count();
        }
        return count;
    }

    /** How many calls the gateway placed to this number (E.164), whatever for, without waiting. */
    public static int callsTo(String e164) {
        JsonNode all = http().get().uri(b -> b.path("/telephony/calls").queryParam("to", "{to}").build(e164))
                .retrieve().body(JsonNode.class);
        return all.size();
    }

    /** How many pushes the gateway sent to this user's app, without waiting. */
    public static int pushesTo(String userId) {
        JsonNode all = http().get().uri(b -> b.path("/telephony/pushes").queryParam("userId", "{u}").build(userId))
                .retrieve().body(JsonNode.class);
        return all.size();
    }

    /** The user denies the push in the app, reporting it as fraud or not. */
    public static void denyPush(String pushId, boolean reportFraud) {
        http().post().uri("/telephony/pushes/{id}/deny", pushId).body(Map.of("reportFraud", reportFraud)).retrieve()
                .toBodilessEntity();
    }

    private static String find(String path, String reference, String idField) {
        JsonNode all = http().get().uri(path).retrieve().body(JsonNode.class);
        List<JsonNode> matching = StreamSupport.stream(all.spliterator(), false)
                .filter(item -> reference.equals(item.path("reference").asText())).toList();
        return matching.isEmpty() ? null : matching.get(0).path(idField).asText();
    }
}
