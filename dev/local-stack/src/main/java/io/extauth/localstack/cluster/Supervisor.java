package io.extauth.localstack.cluster;

import io.extauth.localstack.StackSecrets;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts and stops the cluster's processes and knows which run, through {@code <home>/processes/<name>.pid} alone, so
 * any later {@code ./extauth cluster} (or a script with {@code kill}) finds them. Each process is started in its own
 * session ({@code setsid}): Ctrl-C in the terminal that ran {@code cluster up} does not reach it. Its stdout and
 * stderr are appended to {@code <home>/logs/<name>.log}.
 */
public final class Supervisor {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration POLL = Duration.ofMillis(500);

    private final ClusterLayout layout;

    public Supervisor(ClusterLayout layout) {
        this.layout = layout;
    }

    public enum State { STOPPED, STARTING, READY }

    /**
     * The live process of this name: its pid file names a live process that started before the file was written
     * (a pid reused by a later process is not ours).
     */
    public Optional<ProcessHandle> running(String name) {
        Path pidFile = layout.pidFile(name);
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
            Instant written = Files.getLastModifiedTime(pidFile).toInstant();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(started -> !started.isAfter(written.plusSeconds(1))).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public State state(ClusterProcess process) {
        if (running(process.name()).isEmpty()) {
            return State.STOPPED;
        }
        return process.readiness().isReady() ? State.READY : State.STARTING;
    }

    /**
     * Starts the process unless it runs already; returns its pid. Refuses, naming the port, when one of its ports is
     * taken by another program.
     */
    public long start(ClusterProcess process) {
        Optional<ProcessHandle> alive = running(process.name());
        if (alive.isPresent()) {
            return alive.get().pid();
        }
        for (int port : process.ports()) {
            if (Readiness.accepts(port)) {
                throw new IllegalStateException(process.name() + ": port " + port + " is taken by another program; "
                        + "stop it or choose another --port-base");
            }
        }
        try {
            // the cluster's own: logs name users and orders, the data hold mails with their codes
            StackSecrets.createPrivateDirectory(layout.processesDir());
            StackSecrets.createPrivateDirectory(layout.logsDir());
            StackSecrets.createPrivateDirectory(layout.dataDir());
            Path log = layout.logFile(process.name());
            Files.writeString(log, System.lineSeparator() + "=== ./extauth cluster: starting " + process.name() + " at "
                    + Instant.now() + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                command.add(SETSID.toString());
            }
            command.addAll(process.command());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(process.workDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            Map<String, String> wanted = environment(environment, process.env());
            environment.clear();
            environment.putAll(wanted);
            long pid = builder.start().pid();
            writePid(process.name(), pid);
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException(process.name() + " did not start: " + e.getMessage(), e);
        }
    }

    /**
     * A started process's environment: what the supervisor inherited, then the process's own over it, without the
     * service settings that are empty ({@link ServiceSettings#PREFIXES}). An empty setting is none: {@code NAME=
     * ./extauth cluster up} forgets a kept setting, and the instances that very {@code up} starts go without it, as
     * every later start does, instead of inheriting the empty value, which Spring Boot does not read as the default
     * (for a boolean setting it fails the start: "Failed to bind properties"); {@code NAME= ./extauth cluster start …}
     * starts the instance on the default.
     */
    static Map<String, String> environment(Map<String, String> inherited, Map<String, String> own) {
        Map<String, String> environment = new HashMap<>(inherited);
        environment.putAll(own);
        environment.entrySet().removeIf(variable -> variable.getValue().isEmpty()
                && ServiceSettings.PREFIXES.stream().anyMatch(variable.getKey()::startsWith));
        return environment;
    }

    /**
     * Waits until every process is ready. Throws when one exits meanwhile (naming its log) or the timeout passes.
     */
    public void awaitReady(List<ClusterProcess> processes, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ClusterProcess> waiting = new ArrayList<>(processes);
        while (true) {
            for (ClusterProcess process : List.copyOf(waiting)) {
                if (running(process.name()).isEmpty()) {
                    throw new IllegalStateException(process.name() + " exited while starting; see " + layout.logFile(process.name()));
                }
                if (process.readiness().isReady()) {
                    waiting.remove(process);
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("not ready after " + timeout.toSeconds() + " s: "
                        + String.join(", ", waiting.stream().map(ClusterProcess::name).toList()));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Sends the process its stop signal, by pid; false when it was not running. */
    public boolean signalStop(ClusterProcess process) {
        Optional<ProcessHandle> alive = running(process.name());
        if (alive.isEmpty()) {
            deletePid(process.name());
            return false;
        }
        if (process.stop() == ClusterProcess.StopSignal.INT) {
            kill("-INT", alive.get().pid());
        } else {
            alive.get().destroy();
        }
        return true;
    }

    /**
     * Waits for a signalled process to exit and removes its pid file; after {@code timeout} it is killed (SIGKILL)
     * and true is returned, so the caller can say so.
     */
    public boolean awaitExit(String name, Duration timeout) throws InterruptedException {
        Optional<ProcessHandle> alive = running(name);
        boolean killed = false;
        if (alive.isPresent()) {
            try {
                alive.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                alive.get().destroyForcibly();
                killed = true;
                try {
                    alive.get().onExit().get(10, TimeUnit.SECONDS);
                } catch (TimeoutException | java.util.concurrent.ExecutionException ignored) {
                    // reported as killed; status will show whether it is gone
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        deletePid(name);
        return killed;
    }

    private void writePid(String name, long pid) throws IOException {
        Path pidFile = layout.pidFile(name);
        Path temporary = pidFile.resolveSibling(name + ".pid.tmp");
        Files.writeString(temporary, pid + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void deletePid(String name) {
        try {
            Files.deleteIfExists(layout.pidFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void kill(String signal, long pid) {
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
