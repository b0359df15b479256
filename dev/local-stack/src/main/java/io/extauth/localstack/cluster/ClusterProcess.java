package io.extauth.localstack.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process of the cluster: how to start it, which ports it takes, how to tell it is ready, how to stop it.
 *
 * @param name      its name in pid files, logs and the status table (e.g. {@code kafka-2}, {@code order-service-1})
 * @param command   the program and its arguments
 * @param env       environment variables added to the supervisor's own (the services' whole configuration)
 * @param workDir   where it runs
 * @param ports     the ports it listens on; a port taken by someone else stops the start before it happens
 * @param address   what the status table shows as its address
 * @param readiness when it serves
 * @param stop      the signal that stops it cleanly
 */
public record ClusterProcess(
        String name,
        List<String> command,
        Map<String, String> env,
        Path workDir,
        List<Integer> ports,
        String address,
        Readiness readiness,
        StopSignal stop) {

    public ClusterProcess {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        ports = List.copyOf(ports);
    }

    /** The same process with {@code more} added to its environment (over what it has). */
    public ClusterProcess withEnv(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(env);
        merged.putAll(more);
        return new ClusterProcess(name, command, merged, workDir, ports, address, readiness, stop);
    }

    /** The signal {@code stop} sends. */
    public enum StopSignal {
        /** SIGTERM: a JVM runs its shutdown hooks (Spring closes its context, Kafka shuts down in a controlled way). */
        TERM,
        /**
         * SIGINT: PostgreSQL's "fast" shutdown. Its SIGTERM is the "smart" one, which waits for every client to
         * disconnect: with eight connection pools open that is never.
         */
        INT
    }
}
