package io.extauth.audit.read;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 times, fast: {@link Instant#parse} builds a formatter per call, which costs more than the rest of reading
 * a record. The common shapes ({@code 2025-06-01T08:00:00.123456Z}, {@code +02:00}) are read by hand; anything else
 * falls back to {@link OffsetDateTime#parse}.
 */
final class Rfc3339 {

    private Rfc3339() {
    }

    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) != 'T'
                && text.charAt(10) != 't') || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return OffsetDateTime.parse(text).toInstant();
        }
        try {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int at = 19;
            int nanos = 0;
            if (at < length && text.charAt(at) == '.') {
                int start = ++at;
                while (at < length && Character.isDigit(text.charAt(at))) {
                    at++;
                }
                int count = at - start;
                if (count == 0 || count > 9) {
                    return OffsetDateTime.parse(text).toInstant();
                }
                nanos = digits(text, start, count);
                for (int i = count; i < 9; i++) {
                    nanos *= 10;
                }
            }
            int offsetSeconds;
            char zone = at < length ? text.charAt(at) : ' ';
            if ((zone == 'Z' || zone == 'z') && at == length - 1) {
                offsetSeconds = 0;
            } else if ((zone == '+' || zone == '-') && at + 6 == length && text.charAt(at + 3) == ':') {
                offsetSeconds = (digits(text, at + 1, 2) * 3600 + digits(text, at + 4, 2) * 60)
                        * (zone == '-' ? -1 : 1);
            } else {
                return OffsetDateTime.parse(text).toInstant();
            }
            if (hour > 23 || minute > 59 || second > 59) {
                return OffsetDateTime.parse(text).toInstant();
            }
            long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L
                    + second - offsetSeconds;
            return Instant.ofEpochSecond(epochSecond, nanos);
        } catch (NumberFormatException | DateTimeException e) {
            throw new DateTimeParseException("not an RFC 3339 time", text, 0);
        }
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
