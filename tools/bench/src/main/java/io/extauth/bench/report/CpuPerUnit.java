package io.extauth.bench.report;

import io.extauth.bench.system.CpuMeter;
import io.extauth.bench.system.ThreadGroups.Group;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * CPU milliseconds per completed workflow or decision, split by whose threads used them: extauth's own (the figure
 * the product is judged by), the JVM's shared machinery, PostgreSQL, and the stand-ins for the outside world that share
 * the local stack's JVM (broker, simulator, SMTP server), which a deployment runs elsewhere. The JVM's machinery
 * ({@code jvmMs}) is split again into its collector ({@code gcMs}), its JIT compilers ({@code jitMs}) and the rest: a
 * window whose compilers were busy measured a JVM still warming up. Extauth's own is split again by thread family,
 * largest first, to show which of its threads to make cheaper next. {@code extauthAtRestMs}, when the stack was
 * measured at rest before the runs, is the part of extauth's own that its threads use with no work at all (consumers'
 * fetches and heartbeats, the workers' and relays' timers) at that rate over the window: a cost per unit that shrinks
 * as the rate grows, unlike the rest, which is the work's.
 */
public record CpuPerUnit(double extauthMs, double jvmMs, double gcMs, double jitMs, double postgresMs,
        double outsideWorldMs, double exitedMs, double wholeJvmMs, Map<String, Double> extauthByFamilyMs,
        @Nullable Double extauthAtRestMs) {

    /** Below this a family is noise in a per-unit figure shown to two decimals; it still counts in "others". */
    static final double SMALLEST_FAMILY_MS = 0.01;
    /** How many families the note names; the rest are summed as "others". */
    static final int FAMILIES_NAMED = 8;

    public static CpuPerUnit of(CpuMeter.Usage cpu, long completed) {
        return of(cpu, completed, null);
    }

    /** As {@link #of(CpuMeter.Usage, long)}, with the stack's use at rest measured apart before the window. */
    public static CpuPerUnit of(CpuMeter.Usage cpu, long completed, CpuMeter.@Nullable Usage atRest) {
        double msPerCore = cpu.seconds() * 1000 / completed;
        double outside = 0;
        double jvm = 0;
        for (Group group : Group.values()) {
            if (group.outsideWorld()) {
                outside += cpu.cores(group);
            }
            if (group.jvm()) {
                jvm += cpu.cores(group);
            }
        }
        Map<String, Double> byFamily = new LinkedHashMap<>();
        cpu.extauthFamilyCores().entrySet().stream()
                .map(family -> Map.entry(family.getKey(), family.getValue() * msPerCore))
                .filter(family -> family.getValue() > SMALLEST_FAMILY_MS)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(family -> byFamily.put(family.getKey(), family.getValue()));
        return new CpuPerUnit(cpu.cores(Group.EXTAUTH) * msPerCore, jvm * msPerCore, cpu.cores(Group.GC) * msPerCore,
                cpu.cores(Group.JIT) * msPerCore, cpu.postgresCores() * msPerCore, outside * msPerCore,
                cpu.cores(Group.EXITED) * msPerCore, cpu.stackJvmCores() * msPerCore, byFamily,
                atRest == null || atRest.groupCores().isEmpty() ? null : atRest.cores(Group.EXTAUTH) * msPerCore);
    }

    public String describe(String unit) {
        return String.format(Locale.ROOT, "CPU per %s: extauth's own threads %.2f ms, JVM GC/JIT %.2f ms (collector "
                + "%.2f, JIT compilers %.2f, runtime %.2f), PostgreSQL %.2f ms; outside world in the stack JVM (broker, "
                + "simulator, SMTP server) %.2f ms; short-lived threads %.2f ms; whole stack JVM %.2f ms", unit,
                extauthMs, jvmMs, gcMs, jitMs, Math.max(0, jvmMs - gcMs - jitMs), postgresMs, outsideWorldMs, exitedMs,
                wholeJvmMs);
    }

    /**
     * How much of extauth's own is its threads' use at rest and how much the work's, or empty when the stack was not
     * measured at rest.
     */
    public Optional<String> describeAtRest(String unit, CpuMeter.Usage atRest) {
        if (extauthAtRestMs == null) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "of extauth's own %.2f ms per %s, %.2f ms is what its threads "
                + "use at rest (%.1f ms/s over the %.0f s before the runs, with no work: consumers' fetches and "
                + "heartbeats, the workers' and relays' timers; per %s it shrinks as the rate grows), %.2f ms what the "
                + "work adds", extauthMs, unit, extauthAtRestMs, atRest.cores(Group.EXTAUTH) * 1000, atRest.seconds(),
                unit, Math.max(0, extauthMs - extauthAtRestMs)));
    }

    /**
     * The largest families of extauth's own threads and the rest summed; "others" is what the named ones leave of
     * {@link #extauthMs}, the families too small to list included (the families add up to it).
     */
    public String describeFamilies(String unit) {
        List<Map.Entry<String, Double>> named = extauthByFamilyMs.entrySet().stream().limit(FAMILIES_NAMED).toList();
        double others = extauthMs - named.stream().mapToDouble(Map.Entry::getValue).sum();
        return "extauth's own by thread family (ms per " + unit + "): " + Stream.concat(
                named.stream().map(family -> String.format(Locale.ROOT, "%s %.2f", family.getKey(), family.getValue())),
                Stream.of(String.format(Locale.ROOT, "others %.2f", Math.max(0, others))))
                .collect(Collectors.joining(", "));
    }
}
