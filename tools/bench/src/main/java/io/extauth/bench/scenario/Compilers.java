package io.extauth.bench.scenario;

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

    /** The stack's threads are not sampled (no pid): the share is never known. */
    Compilers UNKNOWN = () -> () -> Double.NaN;

    /** One unmeasured burst of work at full speed; {@code n} counts from 1. */
    @FunctionalInterface
    interface Burst {
        void run(int n) throws InterruptedException;
    }

    /**
     * Runs bursts until one in which the compilers took less than {@code settledShare} of the stack JVM's CPU, at most
     * {@code maxBursts}; one only when the share cannot be known. Puts the shares seen into {@code details} under
     * {@code warmupCompilerShares} and says in a note what happened.
     */
    default String settle(String what, int maxBursts, double settledShare, Burst burst, Map<String, Object> details)
            throws InterruptedException {
        if (maxBursts <= 0) {
            return what + ": no bursts after the warm-up (--warmup-bursts 0)";
        }
        List<Double> shares = new ArrayList<>();
        boolean settled = false;
        for (int n = 1; n <= maxBursts && !settled; n++) {
            Stretch stretch = start();
            burst.run(n);
            double share = stretch.share();
            shares.add(share);
            settled = Double.isNaN(share) || share < settledShare;
        }
        details.put("warmupCompilerShares", shares);
        String seen = shares.stream().map(share -> Double.isNaN(share) ? "not sampled"
                : String.format(Locale.ROOT, "%.0f%%", share * 100)).collect(Collectors.joining(", "));
        double last = shares.get(shares.size() - 1);
        String outcome = Double.isNaN(last) ? "the stack's threads are not sampled (no pid), so one burst"
                : last < settledShare ? "settled"
                : "NOT settled: the figures below include the JIT's compiling (see its ms per unit)";
        return String.format(Locale.ROOT, "%s: then %d burst(s) at full speed, unmeasured, until the JIT compilers took "
                + "less than %.0f%% of the stack JVM's CPU in one (at most %d): compilers' share %s; %s", what,
                shares.size(), settledShare * 100, maxBursts, seen, outcome);
    }
}
