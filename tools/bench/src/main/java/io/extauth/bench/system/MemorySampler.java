package io.extauth.bench.system;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the stack's resident memory once a second: the {@code ./extauth up} JVM's VmRSS (and its VmHWM, the kernel's
 * own peak since the JVM started) plus the PSS of the embedded PostgreSQL's processes, which run outside the JVM.
 */
public final class MemorySampler implements AutoCloseable, Pausable {

    private static final double KIB_PER_MIB = 1024.0;

    private final long jvmPid;
    private final ProcFs.Postgres postgres;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-memory");
        thread.setDaemon(true);
        return thread;
    });
    private long jvmPeakKb;
    private long jvmHighWaterKb;
    private long postgresPeakKb;
    private long totalPeakKb;
    private int postgresProcesses;
    private int samples;
    private volatile boolean paused;

    private MemorySampler(long jvmPid, int postgresPort) {
        this.jvmPid = jvmPid;
        this.postgres = new ProcFs.Postgres(postgresPort);
    }

    public static MemorySampler start(long jvmPid, int postgresPort) {
        MemorySampler sampler = new MemorySampler(jvmPid, postgresPort);
        sampler.timer.scheduleAtFixedRate(() -> {
            if (!sampler.paused) {
                sampler.sample();
            }
        }, 0, 1, TimeUnit.SECONDS);
        return sampler;
    }

    /**
     * No samples until {@link #resume()}, while the bench measures something that is not the stack (the audit, which
     * wants both cores): the stack's memory does not move then.
     */
    @Override
    public synchronized void pause() {
        paused = true; // synchronized: waits for a sample under way to end
    }

    @Override
    public void resume() {
        paused = false;
    }

    private synchronized void sample() {
        OptionalLong rss = ProcFs.statusKb(jvmPid, "VmRSS");
        if (rss.isEmpty()) {
            return;
        }
        List<Long> postgres = this.postgres.processes();
        long postgresKb = postgres.stream().mapToLong(pid -> ProcFs.pssKb(pid).orElse(0)).sum();
        jvmPeakKb = Math.max(jvmPeakKb, rss.getAsLong());
        jvmHighWaterKb = Math.max(jvmHighWaterKb, ProcFs.statusKb(jvmPid, "VmHWM").orElse(0));
        postgresPeakKb = Math.max(postgresPeakKb, postgresKb);
        postgresProcesses = Math.max(postgresProcesses, postgres.size());
        totalPeakKb = Math.max(totalPeakKb, rss.getAsLong() + postgresKb);
        samples++;
    }

    public synchronized MemoryPeak peak() {
        String command = ProcessHandle.of(jvmPid).flatMap(p -> p.info().commandLine()).orElse("?");
        if (command.length() > 60) {
            command = command.substring(0, 57) + "...";
        }
        return new MemoryPeak(jvmPid, command, jvmPeakKb / KIB_PER_MIB, jvmHighWaterKb / KIB_PER_MIB,
                postgresProcesses, postgresPeakKb / KIB_PER_MIB, totalPeakKb / KIB_PER_MIB, samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sample();
    }
}
