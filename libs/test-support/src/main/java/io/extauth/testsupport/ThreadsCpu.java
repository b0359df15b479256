package io.extauth.testsupport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For the CPU probes (issue 14): runs a piece of work so many times on threads of its own and says how much CPU those
 * threads used ({@link ThreadMXBean}), whatever else the JVM runs meanwhile.
 */
public final class ThreadsCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One piece of the work, run on one of the threads. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private ThreadsCpu() {
    }

    /** The threads' CPU in nanoseconds, once {@code times} pieces ran on {@code threads}; rethrows a failure. */
    public static long ofRunning(Work work, int times, int threads) throws InterruptedException {
        AtomicInteger left = new AtomicInteger(times);
        AtomicLong cpu = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            new Thread(() -> {
                long start = THREADS.getCurrentThreadCpuTime();
                try {
                    while (left.getAndDecrement() > 0) {
                        work.run();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
                    done.countDown();
                }
            }, "probe-" + i).start();
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("a worker failed", failure.get());
        }
        return cpu.get();
    }
}
