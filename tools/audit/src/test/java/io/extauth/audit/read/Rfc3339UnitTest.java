package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class Rfc3339UnitTest {

    @Test
    void readsTheTimesTheServicesWriteExactlyAsTheJdkDoes() {
        for (String time : new String[] {"2025-06-01T08:00:00Z", "2025-06-01T08:00:00.123Z",
                "2024-02-29T23:59:59.123456789Z", "2025-06-01T10:00:00.5+02:00", "1999-12-31T19:00:00-05:00",
                "2025-06-01t08:00:00z"}) {
            assertThat(Rfc3339.parse(time)).as(time).isEqualTo(OffsetDateTime.parse(time.toUpperCase()).toInstant());
        }
        assertThat(Rfc3339.parse("2025-06-01T08:00:00Z")).isEqualTo(Instant.parse("2025-06-01T08:00:00Z"));
    }

    @Test
    void refusesWhatIsNotATime() {
        assertThatThrownBy(() -> Rfc3339.parse("2025-13-01T08:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Rfc3339.parse("yesterday")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Rfc3339.parse("2025-06-01T08:00:00")).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void anOffsetOutsideTheDaysIsRefusedAsTheJdkAndTheServicesRefuseIt() {
        // +99:99 was read as 100 h 39 min off: a record the services dead-letter unread was audited four days away
        for (String time : new String[] {"2025-06-01T08:00:00+99:99", "2025-06-01T08:00:00+18:01",
                "2025-06-01T08:00:00-19:00", "2025-06-01T08:00:00+01:60", "2025-06-01T08:00:00.5+24:00"}) {
            assertThatThrownBy(() -> Rfc3339.parse(time)).as(time).isInstanceOf(DateTimeParseException.class);
            assertSameOutcome(time);
        }
        for (String time : new String[] {"2025-06-01T08:00:00+18:00", "2025-06-01T08:00:00-18:00",
                "2025-06-01T08:00:00+05:45"}) {
            assertSameOutcome(time);
        }
    }

    @Test
    void readsTheMonthEndsOfFourDigitYearsAsTheJdkDoesAndRefusesTheDaysThatDoNotExist() {
        // the day's arithmetic replaced LocalDate: every month of every fourth year, leap rules included, and the
        // days just past each month's end
        for (int year = 0; year <= 9999; year += year < 2100 ? 1 : 97) {
            for (int month = 1; month <= 12; month++) {
                for (int day = 27; day <= 32; day++) {
                    String time = "%04d-%02d-%02dT12:34:56Z".formatted(year, month, day);
                    assertSameOutcome(time);
                }
            }
        }
    }

    @Test
    void readsATimeFromItsBytesExactlyAsFromItsText() {
        Random random = new Random(14);
        String[] tails = {"Z", "z", "+02:00", "-05:30", "", "Z ", "+0200", "ZZ"};
        for (int i = 0; i < 60_000; i++) {
            long second = random.nextLong(-62_167_219_200L, 253_402_300_799L);
            int digits = random.nextInt(11);
            StringBuilder text = new StringBuilder(LocalDate.ofEpochDay(Math.floorDiv(second, 86_400)).toString())
                    .append('T').append(LocalTime.ofSecondOfDay(Math.floorMod(second, 86_400)));
            if (text.length() == 16) {
                text.append(":00");
            }
            if (digits > 0) {
                text.append('.');
                for (int d = 0; d < digits; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            text.append(tails[random.nextInt(tails.length)]);
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(3) == 0) {
                mangle(bytes, random);
            }
            assertSameOutcome(bytes);
        }
        assertThat(Rfc3339.parse("2025-06-01T08:00:00.5Z".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(OffsetDateTime.of(2025, 6, 1, 8, 0, 0, 500_000_000, ZoneOffset.UTC).toInstant());
        assertSameOutcome("2025-06-01T08:00:00\u00e9Z".getBytes(StandardCharsets.UTF_8));
        assertSameOutcome("2025-06-0\u00e9T08:00:00Z".getBytes(StandardCharsets.UTF_8));
    }

    private static void mangle(byte[] bytes, Random random) {
        int at = random.nextInt(bytes.length);
        bytes[at] = switch (random.nextInt(4)) {
            case 0 -> (byte) ('0' + random.nextInt(10));
            case 1 -> (byte) (0x80 + random.nextInt(0x40)); // a UTF-8 continuation byte, alone
            case 2 -> (byte) "-:T.Zz+ /".charAt(random.nextInt(9));
            default -> (byte) random.nextInt(256);
        };
    }

    private static void assertSameOutcome(String time) {
        assertSameOutcome(time.getBytes(StandardCharsets.UTF_8));
        Object expected;
        try {
            expected = OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            expected = "refused";
        }
        assertThat(outcome(() -> Rfc3339.parse(time))).as(time).isEqualTo(expected);
    }

    private static void assertSameOutcome(byte[] time) {
        String text = new String(time, StandardCharsets.UTF_8);
        Object expected = outcome(() -> Rfc3339.parse(text));
        assertThat(outcome(() -> Rfc3339.parse(time))).as(text).isEqualTo(expected);
        // and in place, between bytes that would change the outcome if they were read
        byte[] within = new byte[time.length + 4];
        Arrays.fill(within, (byte) '9');
        within[within.length - 1] = 'Z';
        System.arraycopy(time, 0, within, 2, time.length);
        assertThat(outcome(() -> Rfc3339.parse(within, 2, time.length))).as(text).isEqualTo(expected);
    }

    private static Object outcome(Supplier<Instant> parse) {
        try {
            return parse.get();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }
}
