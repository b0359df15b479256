package io.extauth.notification.mail.adapter;

import io.extauth.messaging.outbox.CommitOutcomeUnknownException;
import io.extauth.service.problem.DatabaseBlips;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a statement again when the database gave way ({@link DatabaseBlips}: a lost connection, a terminated backend, a
 * PostgreSQL or PgBouncer restart), for as long as {@code within} from the first failure, waiting 100 ms before the
 * second attempt and twice as long before each further one, at most 2 s; then the last failure goes to the caller.
 * As challenge-service's {@code DatabaseRetry}, but bounded by time, not attempts, and also after a connection lost
 * once the statement was sent ({@link CommitOutcomeUnknownException} included): only for a statement whose second run,
 * after a first that took effect, finds what the first did and changes nothing, such as one that changes the claimed
 * row only while it still carries the claim's token, and takes the token away.
 */
final class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private DatabaseRetry() {
    }

    /** What {@code statement} returned on its first attempt that did not fail on a blip, and how many it took. */
    record Outcome<T>(T value, int attempts) {
    }

    static <T> Outcome<T> run(String what, Duration within, Supplier<T> statement) {
        long giveUpAt = 0;
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return new Outcome<>(statement.get(), attempt);
            } catch (RuntimeException e) {
                if (!DatabaseBlips.isBlip(e) && !(e instanceof CommitOutcomeUnknownException)) {
                    throw e;
                }
                long now = System.nanoTime();
                if (attempt == 1) {
                    giveUpAt = now + within.toNanos();
                } else if (now - giveUpAt >= 0) {
                    throw e;
                }
                log.warn("The database gave way while {} (attempt {}), trying again in {} ms: {}", what, attempt,
                        pause.toMillis(), e.getClass().getSimpleName());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
