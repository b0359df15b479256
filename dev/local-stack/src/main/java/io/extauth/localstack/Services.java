package io.extauth.localstack;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Boot applications, each in its own application context in this JVM. {@link #start} starts a group together
 * (up to {@code parallelism} at once) and returns when all of them run; {@link #close} stops them in reverse order.
 * Their logging setups, which share the JVM's one Logback context, take turns ({@link OneLoggingSetupAtATime}).
 */
public final class Services implements AutoCloseable {

    private final int parallelism;
    private final Deque<Running> running = new ArrayDeque<>();

    private record Running(ServiceSpec spec, ConfigurableApplicationContext context) {
    }

    public Services(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * Starts the group. When one fails, waits for the others of the group, then throws
     * {@link ServiceStartException} naming the first that failed (the others that failed are suppressed exceptions
     * of it); those that did start stay running until
     * {@link #close()}.
     */
    public synchronized Services start(List<ServiceSpec> group) {
        return start(group, (spec, took) -> { });
    }

    /**
     * Starts the group as {@link #start(List)} does, and tells {@code started} of each application that runs how long
     * after the group's start it was up (in the group's order, once all have finished).
     */
    public synchronized Services start(List<ServiceSpec> group, BiConsumer<ServiceSpec, Duration> started) {
        long groupStarted = System.nanoTime();
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        ExecutorService starter = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, group.size())), runnable -> {
            Thread thread = new Thread(runnable, "extauth-start");
            thread.setContextClassLoader(classLoader);
            return thread;
        });
        try {
            List<Future<ConfigurableApplicationContext>> starts = new ArrayList<>();
            long[] upAfter = new long[group.size()];
            for (int i = 0; i < group.size(); i++) {
                ServiceSpec spec = group.get(i);
                int index = i;
                starts.add(starter.submit(() -> {
                    Thread.currentThread().setName("start-" + spec.name());
                    try {
                        ConfigurableApplicationContext context = run(spec, classLoader);
                        upAfter[index] = System.nanoTime() - groupStarted;
                        return context;
                    } finally {
                        OneLoggingSetupAtATime.releaseHeldByThisThread();
                    }
                }));
            }
            ServiceStartException failure = null;
            for (int i = 0; i < group.size(); i++) {
                try {
                    running.push(new Running(group.get(i), starts.get(i).get()));
                    started.accept(group.get(i), Duration.ofNanos(upAfter[i]));
                } catch (ExecutionException e) {
                    ServiceStartException failed = new ServiceStartException(group.get(i).name(), e.getCause());
                    if (failure == null) {
                        failure = failed;
                    } else {
                        failure.addSuppressed(failed);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ServiceStartException(group.get(i).name(), e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return this;
        } finally {
            starter.shutdownNow();
        }
    }

    public synchronized List<ServiceSpec> started() {
        List<ServiceSpec> specs = new ArrayList<>();
        running.descendingIterator().forEachRemaining(service -> specs.add(service.spec()));
        return specs;
    }

    /** Stops every started application, the last started first. */
    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            Running service = running.pop();
            try {
                service.context().close();
            } catch (RuntimeException e) {
                System.err.println(service.spec().name() + " did not stop cleanly: " + e.getMessage());
            } finally {
                OneLoggingSetupAtATime.releaseHeldByThisThread();
            }
        }
    }

    private static ConfigurableApplicationContext run(ServiceSpec spec, ClassLoader classLoader) throws ClassNotFoundException {
        Class<?> application = Class.forName(spec.mainClass(), true, classLoader);
        return new SpringApplicationBuilder(application)
                .bannerMode(Banner.Mode.OFF)
                // the stack stops the services itself, before the broker and the database they need
                .registerShutdownHook(false)
                // they start on several threads, and Logback's one context takes one setup at a time
                .listeners(OneLoggingSetupAtATime.before(), OneLoggingSetupAtATime.after())
                .run(spec.args().toArray(String[]::new));
    }
}
