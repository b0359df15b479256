package io.extauth.localstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Start steps that need nothing of each other, run at the same time: {@link #begin} starts one on its own thread,
 * {@link #await} waits for it and reports its line ("  what   1.2 s"), in the order the caller awaits them, so the
 * output reads as it did when they ran one after the other. A step that fails is reported to {@code failures} and
 * awaits as {@code null}; the others still finish, so that what did start can be stopped.
 */
final class InfrastructureSteps implements AutoCloseable {

    private final Consumer<String> progress;
    private final List<RuntimeException> failures;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "extauth-start-step");
        thread.setDaemon(true);
        return thread;
    });

    /** A step under way: what it is, and its result with how long it took. */
    record Started<T>(String what, CompletableFuture<Done<T>> done) {
    }

    private record Done<T>(T result, Duration took) {
    }

    InfrastructureSteps(Consumer<String> progress, List<RuntimeException> failures) {
        this.progress = progress;
        this.failures = failures;
    }

    <T> Started<T> begin(String what, Supplier<T> step) {
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        return new Started<>(what, CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().setContextClassLoader(classLoader);
            long started = System.nanoTime();
            T result = step.get();
            return new Done<>(result, Duration.ofNanos(System.nanoTime() - started));
        }, threads));
    }

    /** The step's result once it finished, its line reported; {@code null} when it failed (then in failures). */
    <T> @Nullable T await(Started<T> step) {
        try {
            Done<T> done = step.done().join();
            progress.accept(LocalStack.line(step.what(), done.took()));
            return done.result();
        } catch (CompletionException e) {
            failures.add(e.getCause() instanceof RuntimeException cause ? cause : e);
            return null;
        }
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
