package io.extauth.simulator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CallbackSignatureUnitTest {

    private static final byte[] BODY = "{\"kind\":\"CALL\",\"id\":\"call-1\",\"status\":\"ANSWERED\",\"keys\":\"#\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void theSignatureIsTheLowercaseHexHmacSha256OfTheBodyAsInRfc4231() {
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

        assertThat(CallbackSignature.sign("Jefe", data))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void aSignatureMadeWithTheSharedSecretVerifies() {
        String header = CallbackSignature.sign("dev-callback-secret", BODY);

        assertThat(CallbackSignature.verify("dev-callback-secret", BODY, header)).isTrue();
    }

    @Test
    void aSignatureMadeWithAnotherSecretDoesNotVerify() {
        String header = CallbackSignature.sign("someone-elses-secret", BODY);

        assertThat(CallbackSignature.verify("dev-callback-secret", BODY, header)).isFalse();
    }

    @Test
    void aTamperedBodyDoesNotVerify() {
        String header = CallbackSignature.sign("dev-callback-secret", BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("ANSWERED", "UNANSWERED")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(CallbackSignature.verify("dev-callback-secret", tampered, header)).isFalse();
    }

    @Test
    void aMissingOrMalformedHeaderDoesNotVerify() {
        String hex = CallbackSignature.sign("dev-callback-secret", BODY).substring("sha256=".length());

        assertThat(CallbackSignature.verify("dev-callback-secret", BODY, null)).isFalse();
        assertThat(CallbackSignature.verify("dev-callback-secret", BODY, "")).isFalse();
        assertThat(CallbackSignature.verify("dev-callback-secret", BODY, hex)).isFalse();
        assertThat(CallbackSignature.verify("dev-callback-secret", BODY, "sha1=" + hex)).isFalse();
        assertThat(CallbackSignature.verify("dev-callback-secret", BODY, "sha256=zz" + hex.substring(2))).isFalse();
        assertThat(CallbackSignature.verify("dev-callback-secret", BODY, "sha256=" + hex.substring(2))).isFalse();
    }
}
