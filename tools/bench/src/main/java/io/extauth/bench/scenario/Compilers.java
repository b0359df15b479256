package io.extauth.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How busy the stack JVM's JIT compilers are: the share of the JVM's CPU their threads take over a stretch of work.
 * A JVM whose compilers still take a large share is not yet warm — what it measures per unit of work is partly
 * compiling, and its latencies partly interpreted code — so the warm-up ends with bursts at full speed (the paths a
 * paced warm-up never takes: full polls, full batches, queues) until the compilers have quietened ({@link #settle}).
 */
public interface Compilers {

    /** Starts a stretch of work. */
    Stretch start();

    /** A stretch of work, started. */
    interface Stretch {

        /** The compiler threads' CPU as a share of the stack JVM's since the start; NaN when it is not sampled. */
        double share();
    }

    /**
     * Waits, at most {@code max}, until the compilers are quiet: less than {@code quietCores} of a core over the last
     * second. A burst leaves the compilers a queue that they go on working through after it; a share read at once
     * leaves that work out and the next run pays it (measured: 10% of the JVM's CPU in the last burst, half in the
     * run after it). Returns how long it waited: at once where the compilers are not sampled.
     */
    default Duration awaitQuiet(Duration max, double quietCores) throws InterruptedException {
        return Duration.ZERO;
    }

    /** The stack's threads are not sampled (no pid): the share is never known. */
    Compilers UNKNOWN = () -> () -> Double.NaN;

    /** How long {@link #settle} lets the compilers work through what a burst left them, at most. */
    Duration DRAIN = Duration.ofSeconds(10);

    /** Below this share of one core over a second, the compilers count as quiet. */
    double QUIET_CORES = 0.05;

    /** One unmeasured burst of work at full speed; {@code n} counts from 1. */
    @FunctionalInterface
    interface Burst {
        void run(int n) throws InterruptedException;
    }

    /**
     * Runs bursts until one in which the compilers took less than {@code settledShare} of the stack JVM's CPU, at most
     * {@code maxBursts}; one only when the share cannot be known. Each burst's stretch ends when the compilers are
     * quiet again ({@link #awaitQuiet}, at most {@link #DRAIN}), so its share counts the compiling it caused, and what
     * follows the last burst starts with nothing left to compile. Puts the shares seen into {@code details} under
     * {@code warmupCompilerShares} and says in a note what happened.
     */
    default String settle(String what, int maxBursts, double settledShare, Burst burst, Map<String, Object> details)
            throws InterruptedException {
        if (maxBursts <= 0) {
            return what + ": no bursts after the warm-up (--warmup-bursts 0)";
        }
        List<Double> shares = new ArrayList<>();
        List<Long> quietAfterSeconds = new ArrayList<>();
        boolean settled = false;
        for (int n = 1; n <= maxBursts && !settled; n++) {
            Stretch stretch = start();
            burst.run(n);
            quietAfterSeconds.add(Math.round(awaitQuiet(DRAIN, QUIET_CORES).toMillis() / 1000.0));
            double share = stretch.share();
            shares.add(share);
            settled = Double.isNaN(share) || share < settledShare;
        }
        details.put("warmupCompilerShares", shares);
        details.put("warmupCompilerDrainSeconds", quietAfterSeconds);
        String seen = shares.stream().map(share -> Double.isNaN(share) ? "not sampled"
                : String.format(Locale.ROOT, "%.0f%%", share * 100)).collect(Collectors.joining(", "));
        double last = shares.get(shares.size() - 1);
        String outcome = Double.isNaN(last) ? "the stack's threads are not sampled (no pid), so one burst"
                : last < settledShare ? "settled"
                : "NOT settled: the figures below include the JIT's compiling (see its ms per unit)";
        return String.format(Locale.ROOT, "%s: then %d burst(s) at full speed, unmeasured, until the JIT compilers took "
                + "less than %.0f%% of the stack JVM's CPU in one (at most %d; each burst's share counts the compiling "
                + "after it, until the compilers were quiet or %d s passed): compilers' share %s (waited %s s after "
                + "each); %s", what, shares.size(), settledShare * 100, maxBursts, DRAIN.toSeconds(), seen,
                quietAfterSeconds.stream().map(String::valueOf).collect(Collectors.joining(", ")), outcome);
    }
}
