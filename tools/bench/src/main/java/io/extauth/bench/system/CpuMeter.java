package io.extauth.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the machine's CPU went during a scenario: the stack's JVM, its PostgreSQL processes, and everything else
 * (the benchmark itself, and whatever else runs on the box - a build next door shows up here). From /proc, in cores.
 */
public final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0;

    private final long jvmPid;
    private final int postgresPort;

    public CpuMeter(long jvmPid, int postgresPort) {
        this.jvmPid = jvmPid;
        this.postgresPort = postgresPort;
    }

    /** CPU seconds so far. */
    public record Snapshot(long nanos, double stackJvm, double postgres, double machineBusy, double loadAverage) {
    }

    /** Average cores used between two snapshots. */
    public record Usage(double seconds, double stackJvmCores, double postgresCores, double otherCores, int cores,
            double loadAverage) {

        public String describe() {
            return String.format(Locale.ROOT, "CPU over %.0f s: stack JVM %.2f cores, PostgreSQL %.2f, everything "
                    + "else (bench included) %.2f, of %d; load average %.1f", seconds, stackJvmCores, postgresCores,
                    otherCores, cores, loadAverage);
        }
    }

    public Snapshot take() {
        double postgres = 0;
        for (long pid : ProcFs.postgresProcesses(postgresPort)) {
            postgres += processSeconds(pid);
        }
        return new Snapshot(System.nanoTime(), processSeconds(jvmPid), postgres, machineBusySeconds(), loadAverage());
    }

    public static Usage between(Snapshot from, Snapshot to) {
        double seconds = Math.max(1e-9, (to.nanos() - from.nanos()) / 1e9);
        double jvm = Math.max(0, to.stackJvm() - from.stackJvm()) / seconds;
        double postgres = Math.max(0, to.postgres() - from.postgres()) / seconds;
        double busy = Math.max(0, to.machineBusy() - from.machineBusy()) / seconds;
        return new Usage(seconds, jvm, postgres, Math.max(0, busy - jvm - postgres),
                Runtime.getRuntime().availableProcessors(), Math.max(from.loadAverage(), to.loadAverage()));
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
