package io.extauth.messaging.work;

import java.util.UUID;

/**
 * A row of a {@link WorkQueue} claimed by one worker until its lease runs out.
 *
 * @param key     the row's key, for logs and for finding it again
 * @param item    what is to be done, as the row was when claimed
 * @param attempt the attempt this claim counts (the claim itself counted it)
 * @param token   proves the lease when the outcome is recorded
 */
public record Claim<T>(String key, T item, int attempt, UUID token) {
}
