package io.extauth.audit.rules;

import java.util.Comparator;

/** An account user: two-factor is per account user, so histories are too. */
public record UserKey(String accountId, String userId) implements Comparable<UserKey> {

    private static final Comparator<UserKey> ORDER = Comparator.comparing(UserKey::accountId)
            .thenComparing(UserKey::userId);

    @Override
    public int compareTo(UserKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return accountId + "/" + userId;
    }
}
