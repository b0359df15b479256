package io.extauth.bench.system;

import io.extauth.bench.system.ThreadGroups.Group;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU seconds of one JVM's threads summed per {@link Group}, and extauth's own also per {@link ThreadFamilies family},
 * from successive samples of every live thread's CPU time and the process's total. A thread first seen after the first
 * sample started since the previous one, so all its time counts; time of threads that started and ended between two
 * samples (or ran after their last sample) is the difference between the process's total and its live threads',
 * counted as {@link Group#EXITED} (which has no families). Not thread-safe.
 *
 * <p>That difference is kept with its sign and summed, never cut at zero per sample: the process's total is read a
 * moment after its threads', so in one sample it runs ahead of them by the CPU used in between and in the next it
 * falls back. Cut at zero, every such wobble counted as CPU of ended threads (on a busy box 6-7 ms per workflow, as
 * much as extauth's own, while JFR saw some twenty threads start in a 1,000-order burst); summed, it cancels out.
 */
public final class ThreadCpu {

    /** One live thread as sampled: its id, name and CPU seconds since it started. */
    public record Sampled(long tid, String name, double seconds) {
    }

    /** CPU seconds per group, and those of {@link Group#EXTAUTH} again per thread family. */
    public record Totals(Map<Group, Double> groups, Map<String, Double> extauthFamilies) {
    }

    private final ThreadGroups groups;
    private final ThreadFamilies families;
    private final Map<Long, Double> last = new HashMap<>();
    private final EnumMap<Group, Double> totals = new EnumMap<>(Group.class);
    private final Map<String, Double> extauthFamilies = new HashMap<>();
    private double lastProcess = -1;
    /** Process CPU not seen in any live thread's, summed with its sign (see the class comment). */
    private double exited;

    public ThreadCpu(ThreadGroups groups, ThreadFamilies families) {
        this.groups = groups;
        this.families = families;
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
            Group group = groups.of(thread.name());
            totals.merge(group, delta, Double::sum);
            if (group == Group.EXTAUTH) {
                extauthFamilies.merge(families.of(thread.name()), delta, Double::sum);
            }
        }
        if (!first) {
            exited += processSeconds - lastProcess - threadsDelta;
        }
        last.clear();
        last.putAll(seen);
        lastProcess = processSeconds;
    }

    /**
     * CPU seconds per group since the first sample. {@link Group#EXITED} may dip below zero for a moment (the process
     * read a little behind its threads): whoever subtracts two of these totals cuts the difference at zero.
     */
    public Map<Group, Double> totals() {
        EnumMap<Group, Double> all = new EnumMap<>(totals);
        all.put(Group.EXITED, exited);
        return all;
    }

    /** The group totals, and {@link Group#EXTAUTH}'s split by thread family (which adds up to it). */
    public Totals totalsByFamily() {
        return new Totals(totals(), Map.copyOf(extauthFamilies));
    }
}
