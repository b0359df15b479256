package io.extauth.bench.scenario;

import io.extauth.bench.report.Row;
import java.util.Locale;
import java.util.Optional;

/**
 * A step ramp: offer a rate for a while, double it, and stop at the first step the stack does not sustain. A step is
 * sustained when at least {@link #MIN_COMPLETED_SHARE} of the offered work completed within the step (plus its
 * drain) and the p99 latency stayed under the target; the answer is the highest sustained step's rate.
 */
public record Ramp(double startRate, double maxRate, int maxSteps, double p99TargetMs) {

    static final double MIN_COMPLETED_SHARE = 0.95;

    /** The rate after {@code rate}, or empty when the ramp is over. */
    public Optional<Double> next(double rate, int stepsSoFar) {
        double next = rate * 2;
        return stepsSoFar >= maxSteps || next > maxRate ? Optional.empty() : Optional.of(next);
    }

    /** Whether one step held: enough completed, nothing failed beyond the allowance, and p99 under the target. */
    public Verdict judge(Row step, long offered) {
        if (offered == 0 || step.latency() == null || step.latency().count() == 0) {
            return new Verdict(false, "nothing completed");
        }
        double share = (double) step.completed() / offered;
        if (share < MIN_COMPLETED_SHARE) {
            return new Verdict(false, String.format(Locale.ROOT, "%.0f%% of the offered %,d completed", 100 * share,
                    offered));
        }
        if (step.latency().p99Ms() > p99TargetMs) {
            return new Verdict(false, String.format(Locale.ROOT, "p99 %.0f ms over the target of %.0f ms",
                    step.latency().p99Ms(), p99TargetMs));
        }
        return new Verdict(true, String.format(Locale.ROOT, "p99 %.1f ms, %.0f%% completed", step.latency().p99Ms(),
                100 * share));
    }

    public record Verdict(boolean sustained, String why) {
    }
}
