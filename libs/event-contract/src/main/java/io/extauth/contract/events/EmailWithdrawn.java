package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import java.time.Instant;

/**
 * An e-mail was not sent, and will not be: what it announced was undone first (the provisioning e-mail of an order
 * cancelled before it went out). The same {@code messageId} never has an {@code EmailSent} from this service after it.
 */
public record EmailWithdrawn(String accountId, String userId, String orderId, String template, String messageId,
        String reason, Instant withdrawnAt) implements ExtauthEvent {
}
