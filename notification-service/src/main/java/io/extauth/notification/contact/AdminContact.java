package io.extauth.notification.contact;

import io.extauth.contract.Masking;
import java.time.Instant;

/** One admin address of an account, and since when it is on the list. */
public record AdminContact(String accountId, String email, Instant addedAt) {

    /** The clear address stays out of logs and exception messages. */
    @Override
    public String toString() {
        return "AdminContact[accountId=" + accountId + ", email=" + Masking.email(email) + "]";
    }
}
