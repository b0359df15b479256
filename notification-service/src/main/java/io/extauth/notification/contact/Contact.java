package io.extauth.notification.contact;

import io.extauth.contract.AuthType;
import io.extauth.contract.Masking;
import io.extauth.contract.events.AuthOrdered;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Where to write about one order of one account user. */
public record Contact(String orderId, String accountId, String userId, String email, AuthType type,
        @Nullable String credentialId, Instant orderedAt) {

    public static Contact of(AuthOrdered order) {
        return new Contact(order.orderId(), order.accountId(), order.userId(), order.email(), order.type(),
                order.credentialId(), order.orderedAt());
    }

    public String maskedEmail() {
        return Masking.email(email);
    }

    /** The clear address stays out of logs and exception messages. */
    @Override
    public String toString() {
        return "Contact[orderId=" + orderId + ", accountId=" + accountId + ", userId=" + userId + ", email="
                + maskedEmail() + ", type=" + type + "]";
    }
}
