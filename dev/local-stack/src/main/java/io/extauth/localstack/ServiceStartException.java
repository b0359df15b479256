package io.extauth.localstack;

/** A service of the stack did not start; the message names it and gives the root cause. */
public final class ServiceStartException extends RuntimeException {

    private final String service;

    public ServiceStartException(String service, Throwable cause) {
        super(service + " failed to start: " + describe(rootCause(cause)), cause);
        this.service = service;
    }

    public String service() {
        return service;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable cause) {
        return cause instanceof ClassNotFoundException
                ? "main class " + cause.getMessage() + " is not on the classpath (is the module built?)"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
