package io.extauth.bench.system;

import io.extauth.bench.system.ThreadGroups.Group;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU seconds of one JVM's threads summed per {@link Group}, from successive samples of every live thread's CPU time
 * and the process's total. A thread first seen after the first sample started since the previous one, so all its time
 * counts; time of threads that started and ended between two samples (or ran after their last sample) is the
 * difference between the process's total and its live threads', counted as {@link Group#EXITED} (over the whole run:
 * one sample's difference may be below zero). Not thread-safe.
 */
public final class ThreadCpu {

    /** One live thread as sampled: its id, name and CPU seconds since it started. */
    public record Sampled(long tid, String name, double seconds) {
    }

    private final ThreadGroups groups;
    private final Map<Long, Double> last = new HashMap<>();
    private final EnumMap<Group, Double> totals = new EnumMap<>(Group.class);
    private double lastProcess = -1;

    public ThreadCpu(ThreadGroups groups) {
        this.groups = groups;
        for (Group group : Group.values()) {
            totals.put(group, 0.0);
        }
    }

    /** Adds what every thread used since the previous sample; the first sample only sets the starting point. */
    public void add(Iterable<Sampled> threads, double processSeconds) {
        boolean first = lastProcess < 0;
        double threadsDelta = 0;
        Map<Long, Double> seen = new HashMap<>();
        for (Sampled thread : threads) {
            seen.put(thread.tid(), thread.seconds());
            if (first) {
                continue;
            }
            double delta = Math.max(0, thread.seconds() - last.getOrDefault(thread.tid(), 0.0));
            threadsDelta += delta;
            totals.merge(groups.of(thread.name()), delta, Double::sum);
        }
        if (!first) {
            // signed: the threads are read one after the other and the process after them, so the rest swings above
            // and below what ended threads used from sample to sample; clipped at zero each time, those swings added
            // up to a quarter core of "short-lived threads" that JFR showed no thread start for
            totals.merge(Group.EXITED, processSeconds - lastProcess - threadsDelta, Double::sum);
        }
        last.clear();
        last.putAll(seen);
        lastProcess = processSeconds;
    }

    /** CPU seconds per group since the first sample. */
    public Map<Group, Double> totals() {
        return new EnumMap<>(totals);
    }
}
