package io.extauth.bench.scenario;

import io.extauth.bench.report.Row;
import java.time.Duration;
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

    /** One step of a climb: runs {@code rate} for a step under {@code label} and says what it offered. */
    @FunctionalInterface
    public interface Step {
        Offered run(int step, String label, double rate) throws InterruptedException;
    }

    /** A step's row and the work it offered, which {@link #judge} weighs the completed against. */
    public record Offered(Row row, long offered) {
    }

    /**
     * Runs steps from {@link #startRate}, doubling, until one does not hold or the ramp is over; the scenario supplies
     * how a step runs, the ramp how it is judged and when it ends.
     */
    public Climb climb(Duration stepLength, Step step) throws InterruptedException {
        double rate = startRate;
        double sustained = 0;
        for (int n = 1; ; n++) {
            String label = String.format(Locale.ROOT, "ramp %d: %s/s for %d s", n, OrdersScenario.plain(rate),
                    stepLength.toSeconds());
            Offered offered = step.run(n, label, rate);
            Verdict verdict = judge(offered.row(), offered.offered());
            if (!verdict.sustained()) {
                return new Climb(sustained, label + " did not hold: " + verdict.why(), p99TargetMs);
            }
            sustained = rate;
            Optional<Double> next = next(rate, n);
            if (next.isEmpty()) {
                return new Climb(sustained, "the ramp's last step held (" + verdict.why() + ")", p99TargetMs);
            }
            rate = next.get();
        }
    }

    /** The highest rate sustained and why the climb ended. */
    public record Climb(double sustainedRate, String end, double p99TargetMs) {

        /** The report's note, {@code unit} being what the rate counts (workflows, decisions). */
        public String note(String unit) {
            return String.format(Locale.ROOT, "ramp: highest sustained rate with p99 under %.0f ms: %s %s/s; %s",
                    p99TargetMs, OrdersScenario.plain(sustainedRate), unit, end);
        }
    }

    public record Verdict(boolean sustained, String why) {
    }
}
