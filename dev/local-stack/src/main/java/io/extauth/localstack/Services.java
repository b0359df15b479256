package io.extauth.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Boot applications, each in its own application context in this JVM. {@link #begin} queues a group and
 * returns at once, {@link #await} returns when all of it runs. Every group shares the same {@code parallelism} start
 * threads: a group begun while another still starts (the applications that need no infrastructure, begun while it
 * starts) waits for a free thread instead of crowding the cores. {@link #close} stops them in the reverse order begun.
 */
public final class Services implements AutoCloseable {

    /** How long {@link #close} waits for an application still starting, so that it can stop it too. */
    private static final Duration STARTING_AT_CLOSE = Duration.ofSeconds(60);

    private final ThreadPoolExecutor starter;
    /** Every application begun, in the order begun: what {@link #close} stops, the last begun first. */
    private final List<Pending> begun = new ArrayList<>();

    record Pending(ServiceSpec spec, FutureTask<Up> start) {
    }

    record Up(ConfigurableApplicationContext context, long atNanos) {
    }

    /** A group under way: its applications' starts, and when it was begun. */
    record Group(List<Pending> starts, long begunAtNanos) {
    }

    public Services(int parallelism) {
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        int threads = Math.max(1, parallelism);
        // the threads end when idle: they work only while the stack starts
        this.starter = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "extauth-start");
                    thread.setContextClassLoader(classLoader);
                    return thread;
                });
        starter.allowCoreThreadTimeOut(true);
    }

    /** Starts the group and returns when all of it runs: {@link #await} of {@link #begin}. */
    public Services start(List<ServiceSpec> group) {
        return start(group, (spec, took) -> { });
    }

    /** Starts the group and returns when all of it runs: {@link #await} of {@link #begin}. */
    public Services start(List<ServiceSpec> group, BiConsumer<ServiceSpec, Duration> started) {
        return await(begin(group), started);
    }

    /** Queues the group's starts, in its order, behind those already queued, and returns at once. */
    synchronized Group begin(List<ServiceSpec> group) {
        long begunAt = System.nanoTime();
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        List<Pending> starts = new ArrayList<>();
        for (ServiceSpec spec : group) {
            FutureTask<Up> start = new FutureTask<>(() -> {
                Thread.currentThread().setName("start-" + spec.name());
                return new Up(run(spec, classLoader), System.nanoTime());
            });
            Pending pending = new Pending(spec, start);
            starts.add(pending);
            begun.add(pending);
            starter.execute(start);
        }
        return new Group(List.copyOf(starts), begunAt);
    }

    /**
     * Waits for the group, then tells {@code started} of each application that runs how long after the group was
     * begun it was up (in the group's order). When one fails, waits for the others of the group, then throws
     * {@link ServiceStartException} naming the first that failed (the others that failed are suppressed exceptions of
     * it); those that did start stay running until {@link #close()}.
     */
    Services await(Group group, BiConsumer<ServiceSpec, Duration> started) {
        List<Pending> pending = group.starts();
        ServiceStartException failure = null;
        List<Long> upAt = new ArrayList<>();
        for (Pending one : pending) {
            try {
                upAt.add(one.start().get().atNanos());
            } catch (ExecutionException | CancellationException e) {
                ServiceStartException failed = new ServiceStartException(one.spec().name(),
                        e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
                if (failure == null) {
                    failure = failed;
                } else {
                    failure.addSuppressed(failed);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceStartException(one.spec().name(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        for (int i = 0; i < pending.size(); i++) {
            started.accept(pending.get(i).spec(), Duration.ofNanos(Math.max(0, upAt.get(i) - group.begunAtNanos())));
        }
        return this;
    }

    /** The applications that run, in the order begun. */
    public synchronized List<ServiceSpec> started() {
        return begun.stream().filter(Services::runs).map(Pending::spec).toList();
    }

    private static boolean runs(Pending pending) {
        if (!pending.start().isDone() || pending.start().isCancelled()) {
            return false;
        }
        try {
            pending.start().get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops every started application, the last begun first. A start not yet under way never happens; one under way
     * is waited for (up to a minute), so that what it started is stopped too.
     */
    @Override
    public void close() {
        List<Pending> toStop;
        synchronized (this) {
            toStop = new ArrayList<>(begun);
            begun.clear();
        }
        for (Pending pending : toStop) {
            if (starter.remove(pending.start())) {
                pending.start().cancel(false);
            }
        }
        starter.shutdown();
        for (int i = toStop.size() - 1; i >= 0; i--) {
            Pending pending = toStop.get(i);
            ConfigurableApplicationContext context = contextOf(pending);
            if (context == null) {
                continue;
            }
            try {
                context.close();
            } catch (RuntimeException e) {
                System.err.println(pending.spec().name() + " did not stop cleanly: " + e.getMessage());
            }
        }
    }

    /** The application's context once its start finished; {@code null} if it never started or failed. */
    private static @Nullable ConfigurableApplicationContext contextOf(Pending pending) {
        try {
            return pending.start().get(STARTING_AT_CLOSE.toSeconds(), TimeUnit.SECONDS).context();
        } catch (ExecutionException | CancellationException e) {
            return null;
        } catch (TimeoutException e) {
            System.err.println(pending.spec().name() + " was still starting: left running");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static ConfigurableApplicationContext run(ServiceSpec spec, ClassLoader classLoader) throws ClassNotFoundException {
        Class<?> application = Class.forName(spec.mainClass(), true, classLoader);
        return new SpringApplicationBuilder(application)
                .bannerMode(Banner.Mode.OFF)
                // the stack stops the services itself, before the broker and the database they need
                .registerShutdownHook(false)
                .run(spec.args().toArray(String[]::new));
    }
}
