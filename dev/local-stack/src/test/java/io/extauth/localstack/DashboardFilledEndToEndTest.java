package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extauth.contract.Topics;
import io.extauth.testsupport.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The dashboard as an operator sees it: Debian's Prometheus server scrapes the four services of a stack on free ports
 * (with an operator token, as {@code /actuator/prometheus} asks) and loads the alert rules of {@code ops/}; the test
 * drives orders, logins, a lockout (five wrong codes) and an unreadable record, then evaluates every PromQL expression
 * of every panel of {@code ops/grafana/extauth-dashboard.json}, with Grafana's variables substituted as Grafana
 * would, through Prometheus' HTTP API: each must return a series. Every alert rule must have loaded (Prometheus
 * refuses a file with an expression it cannot parse) and been evaluated without an error. Skipped where
 * {@code /usr/bin/prometheus} is missing.
 */
class DashboardFilledEndToEndTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path DASHBOARD = Path.of("../../ops/grafana/extauth-dashboard.json");
    private static final Path ALERTS = Path.of("../../ops/prometheus/extauth-alerts.yml");
    /** Short, so that a test run sees many scrapes; Grafana's {@code $__rate_interval} follows from it. */
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    private static final String ACCOUNT = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    /**
     * Expressions a short run cannot fill, each with the reason the dashboard's description gives: the local stack's
     * SMTP server takes every e-mail, so none fails.
     */
    private static final List<String> EMPTY_ON_A_HEALTHY_STACK = List.of("extauth_emails_failed_total");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path home;

    private static LocalStack stack;
    private static StackSettings settings;
    private static StackClient client;
    private static Process prometheus;
    private static String prometheusUrl;
    private static String adminToken;
    private static String portalToken;

    @BeforeAll
    static void startTheStackAndPrometheus() throws IOException {
        assumeTrue(Files.isExecutable(PROMETHEUS), "skipped: the dashboard test needs Debian's Prometheus server "
                + "(/usr/bin/prometheus): apt-get install -y prometheus");
        settings = new StackSettings(home.resolve("data"), home.resolve("keys"), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), Ports.resolve(0),
                Ports.resolve(0), Ports.resolve(0), Ports.resolve(0), 2);
        stack = new LocalStack(settings);
        stack.start(System.out::println);
        client = new StackClient(settings);
        JwtKeys keys = new JwtKeys(settings.keysDir());
        adminToken = keys.sign(new TokenRequest("admin-1", TokenRequest.Role.ADMIN, ACCOUNT, Duration.ofHours(1)));
        portalToken = keys.sign(new TokenRequest("portal", TokenRequest.Role.PORTAL, null, Duration.ofHours(1)));
        String operatorToken = keys.sign(new TokenRequest("prometheus", TokenRequest.Role.OPERATOR, null,
                Duration.ofHours(1)));
        prometheus = startPrometheus(operatorToken);
    }

    @AfterAll
    static void stopPrometheusAndTheStack() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy(); // SIGTERM: Prometheus shuts down cleanly
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyPanelOfTheDashboardIsFilledAndEveryAlertRuleEvaluatesOnARunningStack() throws IOException {
        driveOrdersLoginsALockoutAndADeadLetter();
        Map<String, String> expressions = panelExpressions();
        assertThat(expressions).hasSizeGreaterThan(10);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(emptyExpressions(expressions))
                        .as("panel expressions that return no series").isEmpty());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(unhealthyRules()).as("alert rules not evaluated cleanly").isEmpty());
        assertThat(query("count(up == 1)").path(0).path("value").path(1).asText()).isEqualTo("4");
    }

    /** What happens on a short working day: orders of both types, a rejection, logins right and wrong, a lockout. */
    private static void driveOrdersLoginsALockoutAndADeadLetter() {
        String userId = "vip-" + UUID.randomUUID().toString().substring(0, 8);
        String credentialId = "VSST" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        client.send("POST", client.order("/api/orders"), adminToken, Map.of("accountId", ACCOUNT, "userId", userId,
                "email", userId + "@example.com", "type", "SYMANTEC_VIP", "credentialId", credentialId,
                "msaAcknowledged", true), 202);
        client.send("POST", client.order("/api/orders"), adminToken, Map.of("accountId", ACCOUNT,
                "userId", "pf-" + userId, "email", "pf-" + userId + "@example.com", "type", "PHONEFACTOR",
                "msaAcknowledged", true), 202);
        client.send("POST", client.order("/api/orders"), adminToken, Map.of("accountId", ACCOUNT,
                "userId", "bad-" + userId, "email", "not-an-email", "type", "PHONEFACTOR", "msaAcknowledged", true),
                422);
        try (TestEvents billing = new TestEvents("127.0.0.1:" + settings.kafkaPort())) {
            billing.sendRaw(Topics.BILLING_ORDERS, "unreadable", "not json".getBytes(StandardCharsets.UTF_8),
                    "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "OrderPlaced",
                    "ce_source", "/dashboard-test");
        }
        String users = client.challenge("/api/users/" + userId + "/external-auth");
        client.awaitProvisioned(users + "?accountId=" + ACCOUNT, portalToken);
        client.send("POST", client.challenge("/api/users/" + userId + "/external-auth/symantec/activation?accountId="
                + ACCOUNT), portalToken, Map.of("securityCode", client.securityCode(credentialId, "current")), 200);
        String passed = challenge(userId);
        client.send("POST", client.challenge("/api/challenges/" + passed + "/responses"), portalToken,
                Map.of("accountId", ACCOUNT, "userId", userId, "code", client.securityCode(credentialId, "next")), 200);
        for (int failure = 1; failure <= 5; failure++) {
            client.send("POST", client.challenge("/api/challenges/" + challenge(userId) + "/responses"), portalToken,
                    Map.of("accountId", ACCOUNT, "userId", userId, "code", "000000"), 200);
        }
    }

    private static String challenge(String userId) {
        return client.send("POST", client.challenge("/api/challenges"), portalToken,
                Map.of("accountId", ACCOUNT, "userId", userId, "channel", "PORTAL"), 201).path("challengeId").asText();
    }

    /** Every target's expression, keyed by panel title and target, with Grafana's variables substituted. */
    private static Map<String, String> panelExpressions() throws IOException {
        JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            int target = 0;
            for (JsonNode query : panel.path("targets")) {
                String expression = GrafanaVariables.substitute(query.path("expr").asText(), SCRAPE_INTERVAL);
                assertThat(expression).as("%s: a variable left after substitution", panel.path("title").asText())
                        .doesNotContain("$");
                expressions.put(panel.path("title").asText() + " #" + ++target, expression);
            }
        }
        return expressions;
    }

    private static List<String> emptyExpressions(Map<String, String> expressions) {
        List<String> empty = new ArrayList<>();
        expressions.forEach((panel, expression) -> {
            boolean excused = EMPTY_ON_A_HEALTHY_STACK.stream().anyMatch(expression::contains);
            if (!excused && query(expression).isEmpty()) {
                empty.add(panel + ": " + expression);
            }
        });
        return empty;
    }

    /** Rules Prometheus has not evaluated yet, or evaluated with an error. */
    private static List<String> unhealthyRules() {
        JsonNode groups = get("/api/v1/rules").path("data").path("groups");
        List<String> unhealthy = new ArrayList<>();
        int rules = 0;
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                if (!"ok".equals(rule.path("health").asText())) {
                    unhealthy.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                            + rule.path("lastError").asText());
                }
            }
        }
        if (rules < 5) {
            unhealthy.add("only " + rules + " rules loaded from " + ALERTS);
        }
        return unhealthy;
    }

    private static JsonNode query(String expression) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        assertThat(answer.path("status").asText()).as("%s: %s", expression, answer).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private static JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Process startPrometheus(String operatorToken) throws IOException {
        Path dir = Files.createDirectories(home.resolve("prometheus"));
        Path tokenFile = dir.resolve("operator.token");
        Files.writeString(tokenFile, operatorToken);
        Map<String, Integer> services = Map.of("order-service", settings.orderPort(), "provisioning-service",
                settings.provisioningPort(), "challenge-service", settings.challengePort(), "notification-service",
                settings.notificationPort());
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: %ds
                  evaluation_interval: %ds
                rule_files:
                  - %s
                scrape_configs:
                """.formatted(SCRAPE_INTERVAL.toSeconds(), SCRAPE_INTERVAL.toSeconds(),
                ALERTS.toAbsolutePath().normalize()));
        services.forEach((job, port) -> config.append("""
                  - job_name: %s
                    metrics_path: /actuator/prometheus
                    authorization:
                      credentials_file: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(job, tokenFile, port)));
        Path configFile = dir.resolve("prometheus.yml");
        Files.writeString(configFile, config);
        int port = Ports.resolve(0);
        prometheusUrl = "http://127.0.0.1:" + port;
        Process process = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return process;
    }
}
