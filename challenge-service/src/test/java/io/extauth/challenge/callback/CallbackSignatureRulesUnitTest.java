package io.extauth.challenge.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.callback.CallbackSignatureRules.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallbackSignatureRulesUnitTest {

    private static final String SECRET = "a-callback-secret-of-at-least-32-bytes";
    private static final String PATH = "/callbacks/telephony";
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] body = "{\"kind\":\"CALL\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureOverTimestampPathAndBodyMadeWithTheSharedSecretIsGenuine() {
        String header = CallbackSignatureRules.sign(SECRET, NOW, PATH, body);

        CallbackSignatureRules.Check check = CallbackSignatureRules.check(SECRET, PATH, body, header, NOW, TOLERANCE);

        assertThat(header).matches("t=" + NOW.getEpochSecond() + ",v1=[0-9a-f]{64}");
        assertThat(check.verdict()).isEqualTo(Verdict.GENUINE);
        assertThat(check.signedAt()).isEqualTo(NOW);
        assertThat(check.signature()).isEqualTo(header.substring(header.indexOf("v1=") + 3));
    }

    @Test
    void anotherSecretAnotherPathAChangedBodyOrAChangedTimestampIsAWrongSignature() {
        String header = CallbackSignatureRules.sign(SECRET, NOW, PATH, body);

        assertThat(verdict(CallbackSignatureRules.sign("dev-callback-secret", NOW, PATH, body), PATH, body))
                .isEqualTo(Verdict.WRONG_SIGNATURE);
        assertThat(verdict(header, "/callbacks/other", body)).isEqualTo(Verdict.WRONG_SIGNATURE);
        assertThat(verdict(header, PATH, "{\"kind\":\"SMS\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Verdict.WRONG_SIGNATURE);
        assertThat(verdict(header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1)), PATH,
                body)).isEqualTo(Verdict.WRONG_SIGNATURE);
    }

    @Test
    void aTimestampMoreThanTheToleranceAwayEitherWayIsRefusedAndOneJustInsideIsNot() {
        assertThat(verdict(CallbackSignatureRules.sign(SECRET, NOW.minus(TOLERANCE).minusSeconds(1), PATH, body),
                PATH, body)).isEqualTo(Verdict.TOO_OLD);
        assertThat(verdict(CallbackSignatureRules.sign(SECRET, NOW.plus(TOLERANCE).plusSeconds(1), PATH, body),
                PATH, body)).isEqualTo(Verdict.FROM_THE_FUTURE);
        assertThat(verdict(CallbackSignatureRules.sign(SECRET, NOW.minus(TOLERANCE), PATH, body), PATH, body))
                .isEqualTo(Verdict.GENUINE);
    }

    @Test
    void aMissingHeaderOrTheOldBodyOnlyFormatIsMalformed() {
        String hex = CallbackSignatureRules.sign(SECRET, NOW, PATH, body).substring(("t=" + NOW.getEpochSecond()
                + ",v1=").length());

        assertThat(verdict(null, PATH, body)).isEqualTo(Verdict.MALFORMED);
        assertThat(verdict("", PATH, body)).isEqualTo(Verdict.MALFORMED);
        assertThat(verdict("sha256=" + hex, PATH, body)).isEqualTo(Verdict.MALFORMED);
        assertThat(verdict("t=" + NOW.getEpochSecond() + ",v1=" + hex.substring(2), PATH, body))
                .isEqualTo(Verdict.MALFORMED);
        assertThat(verdict("t=abc,v1=" + hex, PATH, body)).isEqualTo(Verdict.MALFORMED);
    }

    private static Verdict verdict(String header, String path, byte[] body) {
        return CallbackSignatureRules.check(SECRET, path, body, header, NOW, TOLERANCE).verdict();
    }
}
