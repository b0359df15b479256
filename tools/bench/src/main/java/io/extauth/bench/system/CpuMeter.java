package io.extauth.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.extauth.bench.system.ThreadGroups.Group;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where the machine's CPU went during a scenario: the stack's JVM, its PostgreSQL processes, and everything else
 * (the benchmark itself, and whatever else runs on the box - a build next door shows up here). From /proc, in cores.
 */
public final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0;

    private final long jvmPid;
    private final int postgresPort;
    private final @Nullable ThreadCpuSampler threads;

    /** @param threads the stack JVM's threads by group, or null when not sampled (no pid) */
    public CpuMeter(long jvmPid, int postgresPort, @Nullable ThreadCpuSampler threads) {
        this.jvmPid = jvmPid;
        this.postgresPort = postgresPort;
        this.threads = threads;
    }

    /**
     * CPU seconds so far; {@code groups} splits the stack JVM's by whose threads used it, {@code extauthFamilies}
     * extauth's own again by thread family (both empty when not sampled).
     */
    public record Snapshot(long nanos, double stackJvm, double postgres, double machineBusy, double loadAverage,
            Map<Group, Double> groups, Map<String, Double> extauthFamilies) {

        public Snapshot(long nanos, double stackJvm, double postgres, double machineBusy, double loadAverage) {
            this(nanos, stackJvm, postgres, machineBusy, loadAverage, Map.of(), Map.of());
        }

        public Snapshot(long nanos, double stackJvm, double postgres, double machineBusy, double loadAverage,
                Map<Group, Double> groups) {
            this(nanos, stackJvm, postgres, machineBusy, loadAverage, groups, Map.of());
        }
    }

    /**
     * Average cores used between two snapshots; {@code groupCores} splits {@code stackJvmCores} into extauth's own
     * threads, the JVM's machinery, and the stand-ins for the outside world sharing the JVM; {@code extauthFamilyCores}
     * splits extauth's own by thread family.
     */
    public record Usage(double seconds, double stackJvmCores, double postgresCores, double otherCores, int cores,
            double loadAverage, Map<Group, Double> groupCores, Map<String, Double> extauthFamilyCores) {

        public Usage(double seconds, double stackJvmCores, double postgresCores, double otherCores, int cores,
                double loadAverage) {
            this(seconds, stackJvmCores, postgresCores, otherCores, cores, loadAverage, Map.of(), Map.of());
        }

        public String describe() {
            String text = String.format(Locale.ROOT, "CPU over %.0f s: stack JVM %.2f cores, PostgreSQL %.2f, "
                    + "everything else (bench included) %.2f, of %d; load average %.1f", seconds, stackJvmCores,
                    postgresCores, otherCores, cores, loadAverage);
            if (groupCores.isEmpty()) {
                return text;
            }
            return text + "; the stack JVM's threads: " + groupCores.entrySet().stream()
                    .map(g -> String.format(Locale.ROOT, "%s %.2f", g.getKey().label(), g.getValue()))
                    .collect(Collectors.joining(", "));
        }

        /** Cores used by one group of the stack JVM's threads (0 when not sampled). */
        public double cores(Group group) {
            return groupCores.getOrDefault(group, 0.0);
        }
    }

    public Snapshot take() {
        double postgres = 0;
        for (long pid : ProcFs.postgresProcesses(postgresPort)) {
            postgres += processSeconds(pid);
        }
        ThreadCpu.Totals byThread = threads == null ? new ThreadCpu.Totals(Map.of(), Map.of()) : threads.totals();
        return new Snapshot(System.nanoTime(), processSeconds(jvmPid), postgres, machineBusySeconds(), loadAverage(),
                byThread.groups(), byThread.extauthFamilies());
    }

    public static Usage between(Snapshot from, Snapshot to) {
        double seconds = Math.max(1e-9, (to.nanos() - from.nanos()) / 1e9);
        double jvm = Math.max(0, to.stackJvm() - from.stackJvm()) / seconds;
        double postgres = Math.max(0, to.postgres() - from.postgres()) / seconds;
        double busy = Math.max(0, to.machineBusy() - from.machineBusy()) / seconds;
        Map<Group, Double> groups = new EnumMap<>(Group.class);
        to.groups().forEach((group, total) -> groups.put(group,
                Math.max(0, total - from.groups().getOrDefault(group, 0.0)) / seconds));
        Map<String, Double> families = new HashMap<>();
        to.extauthFamilies().forEach((family, total) -> families.put(family,
                Math.max(0, total - from.extauthFamilies().getOrDefault(family, 0.0)) / seconds));
        return new Usage(seconds, jvm, postgres, Math.max(0, busy - jvm - postgres),
                Runtime.getRuntime().availableProcessors(), Math.max(from.loadAverage(), to.loadAverage()), groups,
                families);
    }

    /** utime + stime of one process, from /proc/<pid>/stat (fields 14 and 15). */
    static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Every CPU's non-idle time, from the first line of /proc/stat. */
    static double machineBusySeconds() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII);
            String[] fields = lines.get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return (total - idle) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
