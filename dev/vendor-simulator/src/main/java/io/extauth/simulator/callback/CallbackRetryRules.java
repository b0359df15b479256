package io.extauth.simulator.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * When a vendor delivers a callback again, as telephony vendors retry their webhooks: after a failure that says the
 * receiver did not take it (no connection, no answer in time, a 5xx), with a wait that doubles from
 * {@code firstDelay} up to {@code maxDelay}, until {@code giveUpAfter} has passed since the user acted or the contact
 * expired, whichever is first. A 4xx is the receiver's refusal (a 401: the signature is not its secret's; a 404: no
 * such challenge) and is not repeated.
 */
public record CallbackRetryRules(Duration firstDelay, Duration maxDelay, Duration giveUpAfter) {

    /** Whether the receiver's answer leaves the callback to be delivered again; 0 is no answer at all. */
    public static boolean retries(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1, 2, ...) failed. */
    public Duration delayAfter(int attempt) {
        Duration delay = firstDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** The last moment a retry may be sent: {@code giveUpAfter} after the user acted, never past the contact's end. */
    public Instant giveUpAt(Instant actedAt, @Nullable Instant contactExpiresAt) {
        Instant limit = actedAt.plus(giveUpAfter);
        return contactExpiresAt != null && contactExpiresAt.isBefore(limit) ? contactExpiresAt : limit;
    }

    /** When attempt {@code attempt + 1} is due, or empty when it would come after {@code giveUpAt}. */
    public Optional<Instant> nextAttempt(Instant failedAt, int attempt, Instant giveUpAt) {
        Instant next = failedAt.plus(delayAfter(attempt));
        return next.isAfter(giveUpAt) ? Optional.empty() : Optional.of(next);
    }
}
