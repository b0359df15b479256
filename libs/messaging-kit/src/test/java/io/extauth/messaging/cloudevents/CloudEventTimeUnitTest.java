package io.extauth.messaging.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14: {@code ce_time} is read without {@code Instant.parse} when it has the exact form the kit writes. These
 * pin that every form the contract's RFC 3339 allows still reads as the same instant, and what it refuses still is.
 */
class CloudEventTimeUnitTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "2026-11-30T10:00:00Z,             2026-11-30T10:00:00Z",
            "2026-11-30T10:00:00.1Z,           2026-11-30T10:00:00.100Z",
            "2026-11-30T10:00:00.123Z,         2026-11-30T10:00:00.123Z",
            "2026-11-30T10:00:00.123456Z,      2026-11-30T10:00:00.123456Z",
            "2026-11-30T10:00:00.123456789Z,   2026-11-30T10:00:00.123456789Z",
            "2026-11-30T10:00:00.000000001Z,   2026-11-30T10:00:00.000000001Z",
            "2026-11-30T11:00:00+01:00,        2026-11-30T10:00:00Z",
            "2026-11-30T04:30:00.5-05:30,      2026-11-30T10:00:00.500Z",
            "2026-11-30T10:00:00+00:00,        2026-11-30T10:00:00Z",
            "2024-02-29T23:59:59.999Z,         2024-02-29T23:59:59.999Z",
            "1970-01-01T00:00:00Z,             1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.5Z,           1969-12-31T23:59:59.500Z",
            "2016-12-31T23:59:60Z,             2016-12-31T23:59:59Z",
            // looser than RFC 3339, but Instant.parse has always taken them: kept so no record changes its fate
            "2026-11-30T24:00:00Z,             2026-12-01T00:00:00Z",
            "2026-11-30T10:00:00.Z,            2026-11-30T10:00:00Z",
            "2026-11-30T10:00:00z,             2026-11-30T10:00:00Z",
    })
    void everyFormTheContractAllowsReadsAsTheSameInstant(String written, String instant) {
        assertThat(timeOf(written)).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"yesterday", "", "2026-11-30", "2026-11-30 10:00:00Z", "2026-11-30T10:00Z",
            "2026-11-30T10:00:00", "2026-13-01T10:00:00Z", "2026-02-30T10:00:00Z", "2026-11-30T24:00:01Z",
            "2026-11-30T10:60:00Z", "2026-11-30T10:00:00.-1Z", "2026-11-30T10:00:00.1234567890Z",
            "2026-11-30T10:00:00ZZ", "2026-11-3OT10:00:00Z", "+2026-11-30T10:00:00Z", "2026-11-30T10:00:00+1:00"})
    void whatIsNotRfc3339IsStillRefused(String written) {
        assertThatThrownBy(() -> timeOf(written)).isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("is not RFC 3339");
    }

    @Test
    void theTimeTheKitWritesReadsBackAsTheSameInstantForAnyInstant() {
        SplittableRandom random = new SplittableRandom(14);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant written = Instant.ofEpochSecond(random.nextLong(from, to), nanos);
            assertThat(timeOf(written.toString())).as(written.toString()).isEqualTo(written);
        }
    }

    @Test
    void aTimeReadFromItsBytesIsWhatItsTextReadsAsEvenInPlaceAndMangled() {
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "0123456789-T:.Zz+ \u00e9";
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        int read = 0;
        for (int i = 0; i < 60_000; i++) {
            StringBuilder text = new StringBuilder(Instant.ofEpochSecond(random.nextLong(from, to),
                    i % 3 == 0 ? 0 : random.nextInt(1_000_000_000)).toString());
            for (int edits = i % 2 == 0 ? 0 : 1 + random.nextInt(2); edits > 0 && !text.isEmpty(); edits--) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.setCharAt(at, c);
                    default -> text.insert(at, c);
                }
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            int before = random.nextInt(4);
            byte[] around = new byte[before + bytes.length + random.nextInt(4)];
            java.util.Arrays.fill(around, (byte) '9'); // digits either side: a read past the range would change it
            System.arraycopy(bytes, 0, around, before, bytes.length);
            Instant fromText = CloudEventTime.utcOrNull(new String(bytes, StandardCharsets.ISO_8859_1));
            assertThat(CloudEventTime.utcOrNull(around, before, before + bytes.length)).as(text.toString())
                    .isEqualTo(fromText);
            read += fromText == null ? 0 : 1;
        }
        assertThat(read).as("times read, not only refused").isGreaterThan(30_000);
    }

    private static Instant timeOf(String written) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("auth.ordered", 0, 0, "u-1",
                "{\"userId\":\"u-1\"}".getBytes(StandardCharsets.UTF_8));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(record, CloudEventHeaders.ID, "e-1");
        header(record, CloudEventHeaders.TYPE, "AuthOrdered");
        header(record, CloudEventHeaders.SOURCE, "test");
        header(record, CloudEventHeaders.TIME, written);
        return CloudEventCodec.read(record).time();
    }

    private static void header(ConsumerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
