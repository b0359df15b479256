package io.extauth.audit.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * How every {@code ./extauth} command reads a duration, so {@code --timeout 3s} means the same as {@code --ttl 3s}:
 * a whole number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 8h}, {@code 2d}), ISO-8601
 * ({@code PT30S}), or plain seconds ({@code 30}).
 */
public final class Durations implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException naming the value and the forms accepted */
    public static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw notADuration(value);
            }
        }
        Matcher matcher = WITH_UNIT.matcher(text);
        if (!matcher.matches()) {
            throw notADuration(value);
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw notADuration(value);
        }
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static IllegalArgumentException notADuration(String value) {
        return new IllegalArgumentException("'" + value + "' is not a duration: use 500ms, 30s, 5m, 8h, 2d or ISO-8601 "
                + "like PT30S");
    }
}
