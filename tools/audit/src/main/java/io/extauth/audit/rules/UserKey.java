package io.extauth.audit.rules;

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

    @Override
    public String toString() {
        return accountId + "/" + userId;
    }
}
