package io.extauth.challenge.login.adapter;

import io.extauth.service.problem.DatabaseBlips;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a transaction again when the database gave way ({@link DatabaseBlips}: a lost connection, a restart, a
 * serialization failure), so that a blip of a second reaches no caller. Only for work that is safe to repeat: a
 * decision re-reads its challenge under the user's row lock and moves it only from PENDING, so a second run after a
 * commit whose acknowledgement was lost changes nothing. After the last attempt the failure goes to the caller, who
 * gets 503 with Retry-After (service kit's {@code ProblemsAdvice}); nothing was decided, nothing counted.
 */
@Component
class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);

    private final DatabaseRetryProperties settings;

    DatabaseRetry(DatabaseRetryProperties settings) {
        this.settings = settings;
    }

    /** The work's result, from the first attempt that did not fail on a blip; never called inside a transaction. */
    <T> T run(String what, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= settings.attempts() || !DatabaseBlips.isBlip(e)) {
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
