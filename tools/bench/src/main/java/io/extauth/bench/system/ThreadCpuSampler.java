package io.extauth.bench.system;

import io.extauth.bench.system.ThreadGroups.Group;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples every thread of the stack's JVM twice a second from {@code /proc/<pid>/task/<tid>/stat} and sums their CPU
 * per {@link Group}, extauth's own also per {@link ThreadFamilies family}. The kernel keeps only 15 characters of a
 * thread's name, which hides e.g. which Tomcat port a worker serves, so the full names come from
 * {@code jcmd <pid> Thread.print} (its {@code nid} is the tid), asked again whenever threads appear that it has not
 * been asked about, at most every 2 s; the kernel's short name stands in until then, and for good for a thread jcmd
 * does not list (the launcher's primordial thread, whose tid is the pid, is never a Java thread). Each ask starts a JVM
 * for jcmd (~0.2 CPU s) and stops the stack's for a thread dump: asked every 2 s for that one thread, as it was until
 * issue 14's fifty-fourth pass, the bench itself used ~0.1 of the box's two cores for as long as it ran.
 */
public final class ThreadCpuSampler implements AutoCloseable, Pausable {

    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern JCMD_THREAD = Pattern.compile("^\"(.*)\" .*\\bnid=(0x[0-9a-f]+|\\d+)\\b.*");
    private static final long NAMES_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final long pid;
    private final ThreadCpu cpu;
    private final Map<Long, String> fullNames = new HashMap<>();
    /** Every tid alive when the names were last asked: named by then, or never to be. */
    private final Set<Long> asked = new HashSet<>();
    private final LongFunction<Map<Long, String>> names;
    private final long namesEveryNanos;
    private long namesAskedNanos = Long.MIN_VALUE / 2;
    private volatile boolean paused;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-thread-cpu");
        thread.setDaemon(true);
        return thread;
    });

    private ThreadCpuSampler(long pid, ThreadGroups groups, ThreadFamilies families,
            LongFunction<Map<Long, String>> names, long namesEveryNanos) {
        this.pid = pid;
        this.cpu = new ThreadCpu(groups, families);
        this.names = names;
        this.namesEveryNanos = namesEveryNanos;
    }

    public static ThreadCpuSampler start(long pid, ThreadGroups groups, ThreadFamilies families) {
        return start(pid, groups, families, ThreadCpuSampler::jcmdNames, NAMES_EVERY_NANOS);
    }

    /** With the full names from {@code names} (a pid's live threads by tid), asked at most every {@code everyNanos}. */
    static ThreadCpuSampler start(long pid, ThreadGroups groups, ThreadFamilies families,
            LongFunction<Map<Long, String>> names, long everyNanos) {
        ThreadCpuSampler sampler = new ThreadCpuSampler(pid, groups, families, names, everyNanos);
        sampler.sample();
        sampler.timer.scheduleWithFixedDelay(() -> {
            if (!sampler.paused) {
                sampler.sample();
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        return sampler;
    }

    /**
     * Stops the samples on the timer until {@link #resume()}, while the bench measures something that is not the
     * stack (the audit, which wants both cores): {@link #totals()} still samples. A thread that starts and ends while
     * paused is in no group's figure but the process's rest.
     */
    @Override
    public synchronized void pause() {
        paused = true; // synchronized: waits for a sample under way (and its jcmd) to end
    }

    @Override
    public void resume() {
        paused = false;
    }

    /** CPU seconds per group, and extauth's own per thread family, since the sampler started, up to now. */
    public synchronized ThreadCpu.Totals totals() {
        sample();
        return cpu.totalsByFamily();
    }

    private synchronized void sample() {
        try {
            List<ThreadCpu.Sampled> threads = new ArrayList<>();
            boolean unknown = false;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path task : tasks) {
                    long tid = Long.parseLong(task.getFileName().toString());
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"), StandardCharsets.ISO_8859_1);
                    } catch (IOException ended) {
                        continue;
                    }
                    String shortName = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    String name = fullNames.get(tid);
                    if (name == null) {
                        unknown |= !asked.contains(tid);
                        name = shortName;
                    }
                    threads.add(new ThreadCpu.Sampled(tid, name, seconds));
                }
            }
            // read with the threads, not after jcmd below: seconds of CPU used while it runs are in no thread's sample
            double processSeconds = CpuMeter.processSeconds(pid);
            // a tid ended is forgotten, so a new thread that gets it again is asked about, not named as the old one
            Set<Long> live = new HashSet<>();
            threads.forEach(thread -> live.add(thread.tid()));
            fullNames.keySet().retainAll(live);
            asked.retainAll(live);
            if (unknown && System.nanoTime() - namesAskedNanos > namesEveryNanos) {
                namesAskedNanos = System.nanoTime();
                Map<Long, String> named = names.apply(pid);
                fullNames.putAll(named);
                if (!named.isEmpty()) {
                    // an ask that named nothing (jcmd missing, or its attach timed out) is tried again in 2 s
                    asked.addAll(live);
                }
                threads.replaceAll(t -> new ThreadCpu.Sampled(t.tid(), fullNames.getOrDefault(t.tid(), t.name()),
                        t.seconds()));
            }
            cpu.add(threads, processSeconds);
        } catch (IOException | RuntimeException e) {
            // the process is gone: the totals stay as they were
        }
    }

    /** Full names of the live Java threads (and HotSpot's own) by tid, from jcmd next to this JVM's java. */
    private static Map<Long, String> jcmdNames(long pid) {
        Map<Long, String> fullNames = new HashMap<>();
        Path jcmd = ProcessHandle.current().info().command().map(Path::of).map(java -> java.resolveSibling("jcmd"))
                .filter(Files::isExecutable).orElse(Path.of("jcmd"));
        try {
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
                    .redirectErrorStream(true).start();
            try (var lines = process.inputReader(StandardCharsets.UTF_8).lines()) {
                lines.forEach(line -> {
                    Matcher matcher = JCMD_THREAD.matcher(line);
                    if (matcher.matches()) {
                        String nid = matcher.group(2);
                        long tid = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
                        fullNames.put(tid, matcher.group(1));
                    }
                });
            }
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no jcmd: the kernel's short names have to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fullNames;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
