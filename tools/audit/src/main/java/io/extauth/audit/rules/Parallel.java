package io.extauth.audit.rules;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Runs a phase's parts at once: the first on the calling thread, each other one on a thread of its own. */
final class Parallel {

    private Parallel() {
    }

    /** Returns when every part has run; a part's exception is thrown here (the first part's first). */
    static void run(Runnable... parts) {
        @SuppressWarnings("unchecked")
        FutureTask<Void>[] others = new FutureTask[parts.length];
        for (int i = 1; i < parts.length; i++) {
            others[i] = new FutureTask<>(parts[i], null);
            Thread thread = new Thread(others[i], "audit-check");
            thread.setDaemon(true);
            thread.start();
        }
        parts[0].run();
        for (int i = 1; i < parts.length; i++) {
            joined(others[i]);
        }
    }

    private static void joined(FutureTask<Void> task) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while auditing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
