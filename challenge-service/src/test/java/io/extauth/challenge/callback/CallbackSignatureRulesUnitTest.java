package io.extauth.challenge.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallbackSignatureRulesUnitTest {

    private final byte[] body = "{\"kind\":\"CALL\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureMadeWithTheSharedSecretVerifies() {
        String header = CallbackSignatureRules.sign("secret", body);

        assertThat(header).matches("sha256=[0-9a-f]{64}");
        assertThat(CallbackSignatureRules.verify("secret", body, header)).isTrue();
    }

    @Test
    void anotherSecretAChangedBodyOrAMalformedHeaderDoNot() {
        String header = CallbackSignatureRules.sign("secret", body);

        assertThat(CallbackSignatureRules.verify("other", body, header)).isFalse();
        assertThat(CallbackSignatureRules.verify("secret", "{\"kind\":\"SMS\"}".getBytes(StandardCharsets.UTF_8),
                header)).isFalse();
        assertThat(CallbackSignatureRules.verify("secret", body, "sha256=zz")).isFalse();
        assertThat(CallbackSignatureRules.verify("secret", body, header.substring(7))).isFalse();
        assertThat(CallbackSignatureRules.verify("secret", body, null)).isFalse();
    }

    @Test
    void theSimulatorsSignatureIsAccepted() {
        assertThat(CallbackSignatureRules.verify("secret", body,
                io.extauth.simulator.callback.CallbackSignature.sign("secret", body))).isTrue();
    }
}
