package io.extauth.bench.system;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The startup time of {@code ./extauth up}: what the stack printed ("ready in N s", measured inside its JVM from the
 * start of the command) and, when the benchmark started it, the wall time from spawning the process to that line.
 */
public record Startup(@Nullable Double readySeconds, @Nullable Double wallSeconds, String how) {

    public String describe() {
        StringBuilder text = new StringBuilder();
        if (readySeconds != null) {
            text.append(String.format(Locale.ROOT, "ready in %.1f s (as the stack reports it)", readySeconds));
        }
        if (wallSeconds != null) {
            text.append(String.format(Locale.ROOT, ", %.1f s from spawning the JVM", wallSeconds));
        }
        if (text.isEmpty()) {
            text.append("not measured");
        }
        return text.append(" - ").append(how).toString();
    }
}
