package io.extauth.localstack;

import java.util.Optional;

/** A port the stack needs is already in use by another process (often an earlier {@code ./extauth up}). */
public final class PortTakenException extends RuntimeException {

    private final int port;
    private final String usedFor;

    /** {@code holder}: who holds the port, where that could be found ({@link Ports#holder}). */
    public PortTakenException(int port, String usedFor, Optional<String> holder) {
        super("port " + port + " (" + usedFor + ") is already in use" + holder.map(who -> " by " + who).orElse(""));
        this.port = port;
        this.usedFor = usedFor;
    }

    public int port() {
        return port;
    }

    public String usedFor() {
        return usedFor;
    }
}
