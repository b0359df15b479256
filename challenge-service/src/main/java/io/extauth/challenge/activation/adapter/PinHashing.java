package io.extauth.challenge.activation.adapter;

import io.extauth.challenge.activation.PinHashingBusy;
import io.extauth.challenge.factor.adapter.FactorChangeProperties;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The bound on PINs hashed at once on this instance ({@code extauth.factor-changes.pin-hashing-concurrency}). bcrypt
 * costs 60 to 100 ms of a core on the request thread: unbounded, saves with a PIN, twelve at a time, held every request
 * thread and both cores, and every account's logins queued behind them. A save that finds no place within
 * {@code pin-hashing-wait} is refused ({@code 503 pin-hashing-busy} with {@code Retry-After}), nothing saved.
 */
@Component
public class PinHashing {

    /** A refused save's {@code Retry-After}: a few hashes' time, as the database retry's 503 says 2 s. */
    static final long BUSY_RETRY_AFTER_SECONDS = 2;

    private final Semaphore places;
    private final Duration wait;

    PinHashing(FactorChangeProperties properties) {
        this.places = new Semaphore(properties.pinHashingConcurrency(), true);
        this.wait = properties.pinHashingWait();
    }

    /** Runs {@code work} (the hashing) once a place is free, or refuses it when none frees within the wait. */
    public <T> T bounded(Supplier<T> work) {
        boolean placed;
        try {
            placed = places.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PinHashingBusy(BUSY_RETRY_AFTER_SECONDS);
        }
        if (!placed) {
            throw new PinHashingBusy(BUSY_RETRY_AFTER_SECONDS);
        }
        try {
            return work.get();
        } finally {
            places.release();
        }
    }
}
