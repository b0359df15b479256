package io.extauth.audit.read;

import java.time.DateTimeException;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 times, fast: {@link Instant#parse} builds a formatter per call, which costs more than the rest of reading
 * a record. The common shapes ({@code 2025-06-01T08:00:00.123456Z}, {@code +02:00}) are read by hand; anything else
 * falls back to {@link OffsetDateTime#parse}. A header's time is read from its bytes ({@link #parse(byte[])}): no string
 * and no {@code LocalDate} per event (issue 14, eighth pass: the time was ~5% of the audit's samples).
 */
final class Rfc3339 {

    private static final long NO_DAY = Long.MIN_VALUE;
    private static final int DAYS_0000_TO_1970 = 719_528;

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
                int offsetHours = digits(text, at + 1, 2);
                int offsetMinutes = digits(text, at + 4, 2);
                if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60) {
                    // as java.time and the services refuse it (+99:99 was read as four days off)
                    return OffsetDateTime.parse(text).toInstant();
                }
                offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone == '-' ? -1 : 1);
            } else {
                return OffsetDateTime.parse(text).toInstant();
            }
            if (hour > 23 || minute > 59 || second > 59) {
                return OffsetDateTime.parse(text).toInstant();
            }
            long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L
                    + second - offsetSeconds;
            return Instant.ofEpochSecond(epochSecond, nanos);
        } catch (NumberFormatException | DateTimeException e) {
            throw new DateTimeParseException("not an RFC 3339 time", text, 0);
        }
    }

    /**
     * What {@link #parse(String)} makes of {@code new String(bytes, UTF_8)}, read from the bytes where they are ASCII
     * in the common shapes; anything else is decoded and read as a string.
     */
    static Instant parse(byte[] text) {
        return parse(text, 0, text.length);
    }

    /** The same for the bytes {@code text[offset, offset + length)} (a header's value where it was fetched). */
    static Instant parse(byte[] text, int offset, int length) {
        if (length < 20) {
            return parse(new String(text, offset, length, StandardCharsets.UTF_8));
        }
        int o = offset;
        if (text[o + 4] != '-' || text[o + 7] != '-' || (text[o + 10] != 'T' && text[o + 10] != 't')
                || text[o + 13] != ':' || text[o + 16] != ':') {
            return parse(new String(text, offset, length, StandardCharsets.UTF_8));
        }
        int year = digits(text, o, 4);
        int month = digits(text, o + 5, 2);
        int day = digits(text, o + 8, 2);
        int hour = digits(text, o + 11, 2);
        int minute = digits(text, o + 14, 2);
        int second = digits(text, o + 17, 2);
        int at = 19;
        int nanos = 0;
        if (text[o + at] == '.') {
            int start = ++at;
            while (at < length && text[o + at] >= '0' && text[o + at] <= '9') {
                at++;
            }
            int count = at - start;
            nanos = count == 0 || count > 9 ? -1 : digits(text, o + start, count);
            for (int i = count; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        // only 'Z' after the time, nothing else: an offset, a digit out of place or a non-ASCII byte is read as a string
        boolean zulu = at == length - 1 && (text[o + at] == 'Z' || text[o + at] == 'z');
        if ((year | month | day | hour | minute | second | nanos) < 0 || !zulu || hour > 23 || minute > 59
                || second > 59) {
            return parse(new String(text, offset, length, StandardCharsets.UTF_8));
        }
        long epochDay = epochDayOrNone(year, month, day);
        if (epochDay == NO_DAY) {
            return parse(new String(text, offset, length, StandardCharsets.UTF_8));
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second, nanos);
    }

    /**
     * {@code LocalDate.of(year, month, day).toEpochDay()} for a year of four digits, without the object; throws
     * {@link DateTimeException} as it does for a day that does not exist.
     */
    private static long epochDay(int year, int month, int day) {
        long days = epochDayOrNone(year, month, day);
        if (days == NO_DAY) {
            throw new DateTimeException("no such day");
        }
        return days;
    }

    /** The same, {@link #NO_DAY} for a day that does not exist (the arithmetic is {@code LocalDate}'s). */
    private static long epochDayOrNone(int year, int month, int day) {
        boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        if (month < 1 || month > 12 || day < 1 || day > (month == 2 ? (leap ? 29 : 28)
                : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31)) {
            return NO_DAY;
        }
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400 + (367L * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= leap ? 1 : 2;
        }
        return total - DAYS_0000_TO_1970;
    }

    /** The number in {@code count} ASCII digits, or -1 when one of them is not a digit. */
    private static int digits(byte[] text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
