package io.extauth.challenge.login.adapter;

import io.extauth.messaging.outbox.CommitOutcomeUnknownException;
import io.extauth.service.problem.DatabaseBlips;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a transaction again when the database gave way ({@link DatabaseBlips}: a lost connection, a restart, a
 * serialization failure), so that a blip of a second reaches no caller. A blip broke a transaction that was rolled
 * back, so running it again repeats nothing. After the last attempt the failure goes to the caller, who gets 503 with
 * Retry-After (service kit's {@code ProblemsAdvice}); nothing was decided, nothing counted.
 * <p>
 * A connection lost once the commit was sent ({@link CommitOutcomeUnknownException}) is no blip: the transaction may
 * have committed. {@link #run} gives it to the caller at once (503 {@code outcome-unknown}: read before repeating);
 * {@link #runEvenAfterAnUnknownCommit} runs the work again, for work whose second run, after a first that committed,
 * finds what the first did and changes nothing.
 */
@Component
class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);

    private final DatabaseRetryProperties settings;

    DatabaseRetry(DatabaseRetryProperties settings) {
        this.settings = settings;
    }

    /**
     * The work's result, from the first attempt that did not fail on a blip; never called inside a transaction. A
     * commit whose outcome is unknown ends it.
     */
    <T> T run(String what, Supplier<T> work) {
        return run(what, work, false);
    }

    /**
     * As {@link #run}, and also again after a commit whose outcome is unknown: only for work whose second run finds
     * what a committed first one did, changes nothing and has nobody to answer differently.
     */
    <T> T runEvenAfterAnUnknownCommit(String what, Supplier<T> work) {
        return run(what, work, true);
    }

    private <T> T run(String what, Supplier<T> work, boolean evenAfterAnUnknownCommit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                boolean again = DatabaseBlips.isBlip(e)
                        || evenAfterAnUnknownCommit && e instanceof CommitOutcomeUnknownException;
                if (attempt >= settings.attempts() || !again) {
                    throw e;
                }
                log.warn("The database gave way while {} (attempt {} of {}), trying again: {}", what, attempt,
                        settings.attempts(), e.getClass().getSimpleName());
                try {
                    Thread.sleep(settings.pause().multipliedBy(1L << (attempt - 1)).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
