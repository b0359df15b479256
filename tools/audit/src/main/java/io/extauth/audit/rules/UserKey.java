package io.extauth.audit.rules;

import org.jspecify.annotations.Nullable;

/** An account user: two-factor is per account user, so histories are too. */
public record UserKey(String accountId, String userId) implements Comparable<UserKey> {

    /**
     * By account, then by user: written out, as {@code Comparator.comparing(accountId).thenComparing(userId)} answers
     * (the chain of lambdas was most of ordering 40,000 users).
     */
    @Override
    public int compareTo(UserKey other) {
        int byAccount = accountId.compareTo(other.accountId);
        return byAccount != 0 ? byAccount : userId.compareTo(other.userId);
    }

    /**
     * Written out, as {@link #compareTo}: a record's own {@code hashCode} and {@code equals} go through method handles,
     * which the audit's C1-only JIT does not fold away: they were half of grouping a million events by user (65 of
     * 128 ms in a profile).
     */
    @Override
    public int hashCode() {
        return 31 * accountId.hashCode() + userId.hashCode();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return this == other || other instanceof UserKey key && accountId.equals(key.accountId)
                && userId.equals(key.userId);
    }

    @Override
    public String toString() {
        return accountId + "/" + userId;
    }
}
