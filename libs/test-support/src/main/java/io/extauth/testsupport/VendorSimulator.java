package io.extauth.testsupport;

import static org.awaitility.Awaitility.await;

import io.extauth.simulator.VendorSimulatorApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The vendor simulator, started once per test JVM on a free port, as the vendors a service talks to; and the user's
 * phone, app and token, and the vendors' faults, played through its API as a test outside the project would. A
 * module that uses it declares the {@code vendor-simulator} test dependency (test-support does not bring it).
 */
public final class VendorSimulator {

    /** The same random secret the service under test gets from the test classpath. */
    public static final String CALLBACK_SECRET = TestDefaults.CALLBACK_SECRET;

    /**
     * The simulator shares the service's classpath; without these it would start the service's infrastructure too,
     * and with the kit's auto-configurations it would answer as a service, not as the standalone simulator the
     * READMEs describe (the kit's input advice, first in order, answered its unreadable bodies and unknown paths with
     * the services' problems; its error page mapped /error a second time). Every extauth auto-configuration is left
     * out, as the local stack leaves them out of its simulator.
     */
    private static final List<String> EXCLUDES = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            // as the services leave it out (ServiceDefaults): this list replaces theirs, so it is repeated here
            "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration");

    private static ConfigurableApplicationContext context;
    private static String baseUrl;
    private static RestClient http;

    private VendorSimulator() {
    }

    public static synchronized String baseUrl() {
        if (context == null) {
            context = new SpringApplicationBuilder(VendorSimulatorApplication.class).run("--server.port=0",
                    "--simulator.callback-secret=" + CALLBACK_SECRET, "--extauth.embedded-postgres.enabled=false",
                    "--springwolf.enabled=false", "--spring.main.banner-mode=off", "--spring.jmx.enabled=false",
                    "--spring.autoconfigure.exclude=" + exclusions());
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            baseUrl = "http://127.0.0.1:" + port;
            // Boot's builder: its JSON converter is the one the simulator answers with (Jackson 3, like our trees)
            http = context.getBean(RestClient.Builder.class).baseUrl(baseUrl).build();
        }
        return baseUrl;
    }

    private static String exclusions() {
        List<String> kits = ImportCandidates.load(AutoConfiguration.class, VendorSimulator.class.getClassLoader())
                .getCandidates().stream().filter(candidate -> candidate.startsWith("io.extauth.")).toList();
        return String.join(",", Stream.concat(EXCLUDES.stream(), kits.stream()).toList());
    }

    /** A client of the simulator's API, for what the methods below do not cover. */
    public static RestClient client() {
        baseUrl();
        return http;
    }

    // --- the vendors' faults

    public static void outage(boolean down) {
        faults(0.0, 0, down);
    }

    /** Every provisioning call answers this late: later than the service's read timeout, it times out. */
    public static void latency(long millis) {
        faults(0.0, millis, false);
    }

    /** A share of provisioning calls fails with 500 SIMULATED_ERROR. */
    public static void errorRate(double rate) {
        faults(rate, 0, false);
    }

    public static void faults(double errorRate, long latencyMs, boolean outage) {
        client().put().uri("/simulator/faults")
                .body(Map.of("errorRate", errorRate, "latencyMs", latencyMs, "outage", outage)).retrieve()
                .toBodilessEntity();
    }

    // --- provisioning as the vendors saw it

    /** The idempotency key PhoneFactor was given when it created the user behind the vendorRef. */
    public static String phoneFactorIdempotencyKey(String vendorRef) {
        Map<?, ?> user = client().get().uri("/phonefactor/users/{ref}", vendorRef).retrieve().body(Map.class);
        return String.valueOf(user.get("idempotencyKey"));
    }

    /** The idempotency key VIP was given when it bound the credential. */
    public static String vipIdempotencyKey(String credentialId) {
        Map<?, ?> binding = client().get().uri("/vip/credentials/{id}", credentialId).retrieve().body(Map.class);
        return String.valueOf(((Map<?, ?>) binding.get("credential")).get("idempotencyKey"));
    }

    /** The HTTP status the simulator answers for a GET: 200 while something exists there, 404 once it is gone. */
    public static HttpStatusCode statusOf(String path, Object... variables) {
        return client().get().uri(path, variables).exchange((request, response) -> response.getStatusCode());
    }

    // --- the user's phone, app and token

    /** Waits for the RINGING call with this reference (a challenge or verification id) and returns its id. */
    public static String ringingCall(String reference) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> find("/telephony/calls", reference, "callId"),
                id -> id != null);
    }

    /** The user picks up and presses keys; the simulator delivers the callback before answering. */
    public static void answer(String callId, String keys) {
        client().post().uri("/telephony/calls/{id}/answer", callId).body(Map.of("keys", keys)).retrieve()
                .toBodilessEntity();
    }

    public static void noAnswer(String callId) {
        client().post().uri("/telephony/calls/{id}/no-answer", callId).retrieve().toBodilessEntity();
    }

    public static String smsText(String reference) {
        return sms(reference).path("text").asText();
    }

    /** The call as the gateway placed it: {@code to} (E.164, with {@code ;ext=} when there is one), status. */
    public static JsonNode call(String callId) {
        return client().get().uri("/telephony/calls/{id}", callId).retrieve().body(JsonNode.class);
    }

    /** Waits for the SMS with this reference (a challenge id) and returns it: smsId, to, text. */
    public static JsonNode sms(String reference) {
        String smsId = await().atMost(Duration.ofSeconds(10)).until(() -> find("/telephony/sms", reference, "smsId"),
                id -> id != null);
        return client().get().uri("/telephony/sms/{id}", smsId).retrieve().body(JsonNode.class);
    }

    /** The user replies to the text on the phone; the simulator delivers the callback before answering. */
    public static void replySms(String smsId, String text) {
        client().post().uri("/telephony/sms/{id}/reply", smsId).body(Map.of("text", text)).retrieve()
                .toBodilessEntity();
    }

    /** Waits for the app push with this reference (a challenge id) and returns it: pushId, withPin, message. */
    public static JsonNode push(String reference) {
        String pushId = await().atMost(Duration.ofSeconds(10))
                .until(() -> find("/telephony/pushes", reference, "pushId"), id -> id != null);
        return client().get().uri("/telephony/pushes/{id}", pushId).retrieve().body(JsonNode.class);
    }

    /** The user approves the push in the app, with the PIN when it asked for one (null for none). */
    public static void approvePush(String pushId, String pin) {
        client().post().uri("/telephony/pushes/{id}/approve", pushId)
                .body(pin == null ? Map.of() : Map.of("pin", pin)).retrieve().toBodilessEntity();
    }

    /** The user denies the push in the app, reporting it as fraud or not. */
    public static void denyPush(String pushId, boolean reportFraud) {
        client().post().uri("/telephony/pushes/{id}/deny", pushId).body(Map.of("reportFraud", reportFraud)).retrieve()
                .toBodilessEntity();
    }

    /** Someone else validates a code with VIP first, so it has been used when the user types it. */
    public static JsonNode validate(String credentialId, String code) {
        return client().post().uri("/vip/credentials/{id}/validate", credentialId).body(Map.of("code", code))
                .retrieve().body(JsonNode.class);
    }

    public static String currentCode(String credentialId) {
        return client().get().uri("/vip/credentials/{id}/code", credentialId).retrieve().body(JsonNode.class)
                .path("code").asText();
    }

    /** Forgets which codes were used, so one code may serve an activation and then a challenge. */
    public static void forgetUsedCodes() {
        client().post().uri("/simulator/reset").retrieve().toBodilessEntity();
    }

    // --- counts, without waiting

    /** How many calls, texts and pushes went out with this reference (a challenge id). */
    public static int deliveriesFor(String reference) {
        int count = 0;
        for (String path : List.of("/telephony/calls", "/telephony/sms", "/telephony/pushes")) {
            JsonNode all = client().get().uri(path).retrieve().body(JsonNode.class);
            count += (int) StreamSupport.stream(all.spliterator(), false)
                    .filter(item -> reference.equals(item.path("reference").asText())).count();
        }
        return count;
    }

    /** How many calls the gateway placed to this number (E.164), whatever for. */
    public static int callsTo(String e164) {
        JsonNode all = client().get().uri(b -> b.path("/telephony/calls").queryParam("to", "{to}").build(e164))
                .retrieve().body(JsonNode.class);
        return all.size();
    }

    /** How many pushes the gateway sent to this user's app. */
    public static int pushesTo(String userId) {
        JsonNode all = client().get().uri(b -> b.path("/telephony/pushes").queryParam("userId", "{u}").build(userId))
                .retrieve().body(JsonNode.class);
        return all.size();
    }

    private static String find(String path, String reference, String idField) {
        JsonNode all = client().get().uri(path).retrieve().body(JsonNode.class);
        List<JsonNode> matching = StreamSupport.stream(all.spliterator(), false)
                .filter(item -> reference.equals(item.path("reference").asText())).toList();
        return matching.isEmpty() ? null : matching.get(0).path(idField).asText();
    }
}
