package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.extauth.testsupport.TestJwt;
import io.extauth.testsupport.VendorSimulator;
import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.ChallengeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.apache.coyote.AbstractProtocol;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.http.ResponseEntity;

/**
 * With every HTTP client and server logger at TRACE, what this service logs while it texts a code, calls for a PIN,
 * and has VIP check activation and login codes holds none of them: no code, PIN, text or full phone number. The
 * simulator (the vendor, in this JVM) and this test (the portal) log what they send; their threads are not ours.
 */
class NoSecretsInLogsIntegrationTest extends IntegrationTestBase {

    private static final List<String> CHATTY = List.of("org.springframework.web", "org.springframework.http",
            "org.apache.hc", "sun.net.www", "jdk.internal.httpclient", "java.net.http", "io.extauth");

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<String, Level> levelsBefore = new HashMap<>();
    private final List<java.util.logging.Logger> julLoggers = new ArrayList<>();

    @Autowired
    ServletWebServerApplicationContext server;

    @BeforeEach
    void everyHttpLoggerAtTrace() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : CHATTY) {
            Logger logger = logback.getLogger(name);
            levelsBefore.put(name, logger.getLevel());
            logger.setLevel(Level.TRACE);
            java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name);
            jul.setLevel(java.util.logging.Level.ALL);
            julLoggers.add(jul); // held: JUL forgets the level of a logger nobody references
        }
        captured.setContext(logback);
        captured.start();
        logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(captured);
    }

    @AfterEach
    void loggersAsBefore() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        levelsBefore.forEach((name, level) -> logback.getLogger(name).setLevel(level));
        julLoggers.forEach(jul -> jul.setLevel(null));
    }

    @Test
    void anSmsChallengeACallWithPinAndSymantecActivationAndLoginLeaveNoSecretInTheLog() {
        List<String> secrets = new ArrayList<>(List.of(PIN));

        activatePhoneFactor(PhoneFactorMethod.SMS_ONE_TIME_PIN);
        secrets.addAll(primaryPhone());
        String smsChallenge = challenge("PORTAL").getBody().path("challengeId").asText();
        JsonNode sms = VendorSimulator.sms(smsChallenge);
        String smsCode = sms.path("text").asText().replaceAll("\\D", "");
        secrets.add(sms.path("text").asText());
        secrets.add(smsCode);
        VendorSimulator.replySms(sms.path("smsId").asText(), smsCode + PIN);
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> smsChallenge.equals(r.challengeId()))
                .outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);

        assertThat(put(userPath("/phonefactor/settings"), TestJwt.portal(), Map.of("status", "ACTIVE", "method",
                "PHONE_CALL_PIN", "pin", PIN)).getStatusCode().value()).isEqualTo(200);
        String callChallenge = challenge("VPN").getBody().path("challengeId").asText();
        VendorSimulator.answer(VendorSimulator.ringingCall(callChallenge), PIN + "#");
        assertThat(topics().awaitEvent(ChallengeResult.class, r -> callChallenge.equals(r.challengeId()))
                .outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);

        userId = "user-" + java.util.UUID.randomUUID();
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        String activationCode = VendorSimulator.currentCode(credentialId);
        secrets.add(activationCode);
        ResponseEntity<JsonNode> activated = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", activationCode));
        assertThat(activated.getStatusCode().value()).isEqualTo(200);
        VendorSimulator.forgetUsedCodes();
        String loginChallenge = challenge("PORTAL").getBody().path("challengeId").asText();
        String wrongCode = SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId));
        secrets.add(wrongCode);
        assertThat(respond(loginChallenge, wrongCode).getBody().path("status").asText()).isEqualTo("FAILED");

        String ours = ourLog();
        assertThat(ours).as("the HTTP clients logged at TRACE (else this test proves nothing); ours: " + ourRequestThreads())
                .contains("/telephony/sms", "/validate", "Writing [");
        for (String secret : secrets) {
            Pattern exactly = Pattern.compile("(?<![\\d.])" + Pattern.quote(secret) + "(?!\\d)");
            assertThat(ours.lines().filter(line -> exactly.matcher(line).find())).as("lines of our log with a secret")
                    .isEmpty();
        }
    }

    /**
     * Apache HttpClient writes a connection's bytes (the JSON of a call, an SMS text with its code) to its wire logger,
     * and every request's headers to its headers logger, when they are at DEBUG as the connection is made; the test
     * above reuses pooled connections made before it raised the levels. A client of its own, on a connection of its
     * own, with every HTTP logger at TRACE: the service's defaults keep those two loggers off.
     */
    @Test
    void aVendorRequestOnANewConnectionLeavesNeitherItsBodyNorItsHeadersInTheLog() throws Exception {
        String phone = "+15550172634";
        String code = "918273";
        com.sun.net.httpserver.HttpServer vendor = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        vendor.createContext("/telephony/sms", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Echo", code);
            exchange.sendResponseHeaders(200, request.length);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                out.write(request);
            }
        });
        vendor.start();
        try {
            io.extauth.service.vendor.VendorClient client = io.extauth.challenge.vendor.adapter.VendorHttpClients.build(
                    org.springframework.web.client.RestClient.builder(),
                    "http://127.0.0.1:" + vendor.getAddress().getPort(), Duration.ofSeconds(2), Duration.ofSeconds(2),
                    io.extauth.challenge.vendor.adapter.VendorCallLimitsForTests.calls(10),
                    io.extauth.messaging.tracing.EventTracing.NONE, tools.jackson.databind.json.JsonMapper.builder()
                            .build());
            JsonNode echoed = client.post(client.uri("/telephony/sms"), Map.of("to", phone, "text",
                    "Your code is " + code), JsonNode.class);
            assertThat(echoed.path("to").asText()).as("the request went out and came back").isEqualTo(phone);
        } finally {
            vendor.stop(0);
        }

        List<String> apacheLines = List.copyOf(captured.list).stream()
                .filter(event -> event.getLoggerName().startsWith("org.apache.hc"))
                .map(event -> event.getLoggerName() + " " + event.getFormattedMessage()).toList();
        assertThat(apacheLines).as("Apache's client logged at TRACE (else this test proves nothing)").isNotEmpty();
        assertThat(apacheLines).as("Apache's lines with the number or the code")
                .noneMatch(line -> line.contains(phone) || line.contains(phone.substring(2)) || line.contains(code));
    }

    /** The number as E.164 and as the national number, which a log might show without the country code. */
    private List<String> primaryPhone() {
        String e164 = jdbc.queryForObject("SELECT primary_phone FROM user_factor WHERE account_id = ? AND user_id = ?",
                String.class, accountId, userId);
        return List.of(e164, e164.substring(2));
    }

    /** The name Tomcat gives this service's request threads, e.g. {@code http-nio-auto-1-exec-3}. */
    private String ourRequestThreads() {
        return ((AbstractProtocol<?>) ((TomcatWebServer) server.getWebServer()).getTomcat().getConnector()
                .getProtocolHandler()).getName().replace("\"", "")
                .replaceAll("(-auto-\\d+)-\\d+$", "$1") + "-exec-"; // named before the random port was known
    }

    /**
     * Everything logged by this service's threads: its request threads and its listener and timer threads; not the
     * simulator's request threads (it sends the callbacks from them), not the test's.
     */
    private String ourLog() {
        String ourRequestThreads = ourRequestThreads();
        String testThread = Thread.currentThread().getName();
        StringBuilder log = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            String thread = event.getThreadName();
            boolean ours = thread.startsWith(ourRequestThreads) || !thread.startsWith("http-nio-")
                    && !thread.equals(testThread) && !thread.startsWith("awaitility");
            if (!ours) {
                continue;
            }
            log.append(thread).append(' ').append(event.getLoggerName()).append(' ')
                    .append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                log.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return log.toString();
    }
}
