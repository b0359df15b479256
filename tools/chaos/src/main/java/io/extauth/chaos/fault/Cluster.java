package io.extauth.chaos.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The cluster's processes as {@code ./extauth cluster} keeps them: kill -9 by the pid in
 * {@code <home>/processes/<name>.pid}, stop and start through the cluster command itself (which waits until the
 * process serves). The command's output goes to {@code <home>/logs/chaos-control.log}.
 */
public final class Cluster {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final Path home;
    private final List<String> extauth;
    private final @Nullable Integer portBase;

    /** {@code extauth} is the command that runs {@code ./extauth} (e.g. {@code ./extauth}, or a java -jar line). */
    public Cluster(Path home, List<String> extauth, @Nullable Integer portBase) {
        this.home = home;
        this.extauth = List.copyOf(extauth);
        this.portBase = portBase;
    }

    public Path home() {
        return home;
    }

    /** SIGKILL to the process, and waits until it is gone. */
    public void kill9(String name) throws InterruptedException {
        long pid = pid(name);
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") is not running"));
        CompletableFuture<ProcessHandle> gone = process.onExit();
        process.destroyForcibly();
        try {
            gone.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + " (pid " + pid + ") survived kill -9 for 30 s", e);
        }
    }

    /** SIGSTOP to the process: it stops where it is, its sockets open, until {@link #thaw}. */
    public void freeze(String name) throws InterruptedException {
        signal("STOP", name);
    }

    /** SIGCONT to a process {@link #freeze frozen}: it goes on from where it stopped. */
    public void thaw(String name) throws InterruptedException {
        signal("CONT", name);
    }

    private void signal(String signal, String name) throws InterruptedException {
        long pid = pid(name);
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException(name + " (pid " + pid + ") is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " (" + name + ") failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kill -" + signal + " " + pid, e);
        }
    }

    public void stop(String name) throws InterruptedException {
        run("stop", name);
    }

    /** Starts the process again and returns once the cluster command says it serves. */
    public void start(String name) throws InterruptedException {
        run("start", name);
    }

    /**
     * Starts a service instance as if its host's clock were off by {@code offset} ({@code cluster start
     * --host-clock-offset}), with {@code env} added to what it inherits (its {@code EXTAUTH_CLOCK_SOURCE}).
     */
    public void startSkewed(String name, String offset, Map<String, String> env) throws InterruptedException {
        run("start", name, List.of("--host-clock-offset", offset), env);
    }

    public long pid(String name) {
        Path file = home.resolve("processes").resolve(name + ".pid");
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid of " + name + " in " + file, e);
        }
    }

    private void run(String verb, String name) throws InterruptedException {
        run(verb, name, List.of(), Map.of());
    }

    private void run(String verb, String name, List<String> options, Map<String, String> env)
            throws InterruptedException {
        List<String> command = new ArrayList<>(extauth);
        command.addAll(List.of("cluster", verb, "--home", home.toString()));
        if (portBase != null) {
            command.addAll(List.of("--port-base", String.valueOf(portBase)));
        }
        command.addAll(options);
        command.add(name);
        Path log = home.resolve("logs").resolve("chaos-control.log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in "
                        + COMMAND_TIMEOUT.toMinutes() + " min (see " + log + ")");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + " (see " + log + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        }
    }
}
