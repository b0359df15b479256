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

    /**
     * The key and the token alone, which equal claims share: the runner keeps its running claims in a hash set, looked
     * up a few times per piece of work, and a record's own hash code would hash the whole row it carries every time.
     */
    @Override
    public int hashCode() {
        return 31 * key.hashCode() + token.hashCode();
    }
}
