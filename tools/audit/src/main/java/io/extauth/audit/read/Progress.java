package io.extauth.audit.read;

import java.io.PrintWriter;
import java.time.Duration;

/** Shows how far the reading is: a bar on a terminal, a line now and then otherwise, or nothing. */
public abstract class Progress {

    private long total;
    private long done;
    private long startNanos;

    public static Progress none() {
        return new Progress() {
            @Override
            protected void show(boolean last) {
            }
        };
    }

    /** A bar redrawn in place at most five times a second. */
    public static Progress bar(PrintWriter err) {
        return new Printing(err, Duration.ofMillis(200), true);
    }

    /** A plain line every few seconds, for logs and pipes. */
    public static Progress lines(PrintWriter err, Duration every) {
        return new Printing(err, every, false);
    }

    public final void start(long totalRecords) {
        total = totalRecords;
        startNanos = System.nanoTime();
    }

    public final void advance(long records) {
        done += records;
        show(false);
    }

    public final void finish() {
        show(true);
    }

    protected abstract void show(boolean last);

    protected final String status() {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        double rate = done / seconds;
        long left = Math.max(0, total - done);
        String eta = rate <= 0 ? "?" : formatDuration((long) Math.ceil(left / rate));
        return String.format("%,d/%,d events  %,.0f/s  ETA %s", done, total, rate, eta);
    }

    protected final int percent() {
        return total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
    }

    private static String formatDuration(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }

    private static final class Printing extends Progress {

        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final long everyNanos;
        private final boolean terminal;
        private long lastShown;

        Printing(PrintWriter err, Duration every, boolean terminal) {
            this.err = err;
            this.everyNanos = every.toNanos();
            this.terminal = terminal;
        }

        @Override
        protected void show(boolean last) {
            long now = System.nanoTime();
            if (!last && now - lastShown < everyNanos) {
                return;
            }
            lastShown = now;
            if (terminal) {
                int filled = percent() * WIDTH / 100;
                err.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + percent() + "%  "
                        + status() + "   " + (last ? "\n" : ""));
            } else {
                err.println("audit: read " + percent() + "%  " + status());
            }
            err.flush();
        }
    }
}
