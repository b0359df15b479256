package io.extauth.localstack;

/** A port the stack needs is already in use by another process (often an earlier {@code ./extauth up}). */
public final class PortTakenException extends RuntimeException {

    private final int port;
    private final String usedFor;

    public PortTakenException(int port, String usedFor) {
        super("port " + port + " (" + usedFor + ") is already in use");
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
