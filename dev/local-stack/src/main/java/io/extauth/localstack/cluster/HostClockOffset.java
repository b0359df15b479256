package io.extauth.localstack.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A service instance started as if its host's clock ran {@code seconds} ahead (positive) or behind (negative): the
 * JVM's wall clock moved by libfaketime ({@code LD_PRELOAD}), its monotonic clock left alone, so only what reads the
 * time of day is off, as on a host whose NTP failed. For the chaos tool's {@code skew} fault; libfaketime is Debian's
 * {@code libfaketime} package, or the file {@code EXTAUTH_LIBFAKETIME} names.
 */
record HostClockOffset(long seconds, Path library) {

    private static final Pattern FORM = Pattern.compile("([+-]?)(\\d{1,6})(s|m|h)?");
    static final List<Path> LIBRARY_PLACES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/faketime/libfaketime.so.1"),
            Path.of("/usr/local/lib/faketime/libfaketime.so.1"));

    /**
     * {@code -45s}, {@code +2m}, {@code 1h}, {@code 30} (seconds); the library from {@code libfaketimeSetting} when
     * set, else the first of {@link #LIBRARY_PLACES} present. Refuses a form it does not know and a missing library,
     * saying what to do.
     */
    static HostClockOffset parse(String text, @Nullable String libfaketimeSetting, List<Path> places) {
        Matcher form = FORM.matcher(text.strip());
        if (!form.matches()) {
            throw new IllegalArgumentException("--host-clock-offset '" + text + "': give seconds, minutes or hours "
                    + "ahead (+) or behind (-), e.g. -45s, +2m, 1h");
        }
        long unit = switch (form.group(3) == null ? "s" : form.group(3)) {
            case "m" -> 60;
            case "h" -> 3_600;
            default -> 1;
        };
        long seconds = Long.parseLong(form.group(2)) * unit * (form.group(1).equals("-") ? -1 : 1);
        Optional<Path> library = libfaketimeSetting != null && !libfaketimeSetting.isBlank()
                ? Optional.of(Path.of(libfaketimeSetting)).filter(HostClockOffset::sharedObject)
                : places.stream().filter(HostClockOffset::sharedObject).findFirst();
        return new HostClockOffset(seconds, library.orElseThrow(() -> new IllegalStateException(
                "--host-clock-offset needs libfaketime: install it (apt-get install libfaketime) or set "
                        + "EXTAUTH_LIBFAKETIME to its libfaketime.so.1"
                        + (libfaketimeSetting != null && !libfaketimeSetting.isBlank()
                                ? " (EXTAUTH_LIBFAKETIME=" + libfaketimeSetting + " is not a readable ELF file)" : ""))));
    }

    /**
     * A readable ELF file: the dynamic loader ignores anything else in {@code LD_PRELOAD} with a line in the log, and
     * the instance would run on the right clock while the run reports it skewed.
     */
    private static boolean sharedObject(Path file) {
        if (!Files.isReadable(file) || !Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** What the instance's environment gets: the library preloaded, the offset, the monotonic clock untouched. */
    Map<String, String> env() {
        return Map.of("LD_PRELOAD", library.toString(),
                "FAKETIME", (seconds >= 0 ? "+" : "") + seconds,
                "DONT_FAKE_MONOTONIC", "1");
    }
}
