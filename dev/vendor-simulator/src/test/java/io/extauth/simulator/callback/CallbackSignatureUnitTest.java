package io.extauth.simulator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CallbackSignatureUnitTest {

    private static final String SECRET = "a-callback-secret-of-at-least-32-bytes";
    private static final String PATH = "/callbacks/telephony";
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final byte[] BODY = "{\"kind\":\"CALL\",\"id\":\"call-1\",\"status\":\"ANSWERED\",\"keys\":\"#\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void theSignatureIsTheHexHmacSha256OfTimestampDotPathDotBodyAsOpensslComputesIt() {
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

        // printf '%s' '1700000000./callbacks/telephony.what do ya want for nothing?' | openssl dgst -sha256 -hmac Jefe
        assertThat(CallbackSignature.sign("Jefe", NOW, PATH, data)).isEqualTo(
                "t=1700000000,v1=892dc75380c2589e572adf32da91b6b76855f5e42a983d42731d935ab16f312c");
    }

    @Test
    void aSignatureMadeWithTheSharedSecretVerifiesAndCarriesItsTime() {
        String header = CallbackSignature.sign(SECRET, NOW, PATH, BODY);

        assertThat(CallbackSignature.verify(SECRET, PATH, BODY, header)).isTrue();
        assertThat(CallbackSignature.signedAt(header)).isEqualTo(NOW);
    }

    @Test
    void aSignatureMadeWithAnotherSecretOrForAnotherPathDoesNotVerify() {
        assertThat(CallbackSignature.verify(SECRET, PATH, BODY,
                CallbackSignature.sign("someone-elses-secret", NOW, PATH, BODY))).isFalse();
        assertThat(CallbackSignature.verify(SECRET, PATH, BODY,
                CallbackSignature.sign(SECRET, NOW, "/callbacks/other", BODY))).isFalse();
    }

    @Test
    void aTamperedBodyOrTimestampDoesNotVerify() {
        String header = CallbackSignature.sign(SECRET, NOW, PATH, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("ANSWERED", "UNANSWERED")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(CallbackSignature.verify(SECRET, PATH, tampered, header)).isFalse();
        assertThat(CallbackSignature.verify(SECRET, PATH, BODY, header.replace("t=1700000000", "t=1700000300")))
                .isFalse();
    }

    @Test
    void aMissingOrMalformedHeaderDoesNotVerify() {
        String hex = CallbackSignature.sign(SECRET, NOW, PATH, BODY).substring("t=1700000000,v1=".length());

        assertThat(CallbackSignature.verify(SECRET, PATH, BODY, null)).isFalse();
        assertThat(CallbackSignature.verify(SECRET, PATH, BODY, "")).isFalse();
        assertThat(CallbackSignature.verify(SECRET, PATH, BODY, hex)).isFalse();
        assertThat(CallbackSignature.verify(SECRET, PATH, BODY, "sha256=" + hex)).isFalse();
        assertThat(CallbackSignature.verify(SECRET, PATH, BODY, "t=1700000000,v1=zz" + hex.substring(2))).isFalse();
        assertThat(CallbackSignature.signedAt("sha256=" + hex)).isNull();
    }
}
