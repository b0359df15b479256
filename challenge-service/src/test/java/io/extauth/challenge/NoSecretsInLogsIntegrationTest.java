package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.testsupport.TestJwt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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

    @Value("${local.server.port}")
    int port;

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
        secrets.add(primaryPhone());
        String smsChallenge = challenge("PORTAL").getBody().path("challengeId").asText();
        JsonNode sms = Simulator.sms(smsChallenge);
        String smsCode = sms.path("text").asText().replaceAll("\\D", "");
        secrets.add(sms.path("text").asText());
        secrets.add(smsCode);
        Simulator.replySms(sms.path("smsId").asText(), smsCode + PIN);
        assertThat(topics().awaitEvent(Topics.AUTH_CHALLENGE_RESULT, e -> smsChallenge.equals(e.text("challengeId")))
                .text("outcome")).isEqualTo("SUCCEEDED");

        assertThat(put(userPath("/phonefactor/settings"), TestJwt.portal(), Map.of("status", "ACTIVE", "method",
                "PHONE_CALL_PIN", "pin", PIN)).getStatusCode().value()).isEqualTo(200);
        String callChallenge = challenge("VPN").getBody().path("challengeId").asText();
        Simulator.answer(Simulator.ringingCall(callChallenge), PIN + "#");
        assertThat(topics().awaitEvent(Topics.AUTH_CHALLENGE_RESULT, e -> callChallenge.equals(e.text("challengeId")))
                .text("outcome")).isEqualTo("SUCCEEDED");

        userId = "user-" + java.util.UUID.randomUUID();
        String credentialId = newCredentialId();
        provisioned(AuthType.SYMANTEC_VIP, credentialId);
        String activationCode = Simulator.currentCode(credentialId);
        secrets.add(activationCode);
        ResponseEntity<JsonNode> activated = post(userPath("/symantec/activation"), TestJwt.portal(),
                Map.of("securityCode", activationCode));
        assertThat(activated.getStatusCode().value()).isEqualTo(200);
        Simulator.forgetUsedCodes();
        String loginChallenge = challenge("PORTAL").getBody().path("challengeId").asText();
        String wrongCode = SymantecIntegrationTest.wrong(Simulator.currentCode(credentialId));
        secrets.add(wrongCode);
        assertThat(respond(loginChallenge, wrongCode).getBody().path("status").asText()).isEqualTo("FAILED");

        String ours = ourLog();
        assertThat(ours).as("the HTTP clients logged at TRACE (else this test proves nothing)")
                .contains("/telephony/sms", "/validate");
        for (String secret : secrets) {
            assertThat(Pattern.compile("(?<![\\d.])" + Pattern.quote(secret) + "(?!\\d)").matcher(ours).find())
                    .as("a secret (%s…) in our log", secret.substring(0, 2)).isFalse();
        }
    }

    private String primaryPhone() {
        String e164 = jdbc.queryForObject("SELECT primary_phone FROM user_factor WHERE account_id = ? AND user_id = ?",
                String.class, accountId, userId);
        return e164.substring(2); // the national number: it is in the E.164 form too
    }

    /** Everything logged by this service's threads: not the simulator's, not the test's. */
    private String ourLog() {
        String simulatorThreads = "-" + Simulator.baseUrl().substring(Simulator.baseUrl().lastIndexOf(':') + 1) + "-";
        String testThread = Thread.currentThread().getName();
        StringBuilder log = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            String thread = event.getThreadName();
            if (thread.contains(simulatorThreads) || thread.equals(testThread) || thread.startsWith("awaitility")) {
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
