package io.extauth.simulator.vip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpUnitTest {

    /** The SHA1 seed of RFC 6238 Appendix B. */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theRfc6238Sha1VectorAtFiftyNineSecondsIs94287082() {
        assertThat(Totp.code(RFC_SECRET, Totp.stepAt(Instant.ofEpochSecond(59)), 8)).isEqualTo("94287082");
    }

    @ParameterizedTest(name = "at {0} s the 8-digit code is {1}")
    @CsvSource({"1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924", "2000000000, 69279037",
            "20000000000, 65353130"})
    void theOtherRfc6238Sha1VectorsHoldToo(long epochSecond, String expected) {
        assertThat(Totp.code(RFC_SECRET, Totp.stepAt(Instant.ofEpochSecond(epochSecond)), 8)).isEqualTo(expected);
    }

    @Test
    void aSixDigitCodeIsTheLastSixDigitsOfTheSameTruncation() {
        assertThat(Totp.code(RFC_SECRET, 1, 6)).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Totp.stepAt(Instant.ofEpochSecond(1111111109)), 6)).isEqualTo("081804");
    }

    @Test
    void stepsAreThirtySecondsCountedFromTheEpoch() {
        assertThat(Totp.stepAt(Instant.ofEpochSecond(29))).isZero();
        assertThat(Totp.stepAt(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(Totp.stepAt(Instant.ofEpochSecond(59))).isEqualTo(1);
    }
}
