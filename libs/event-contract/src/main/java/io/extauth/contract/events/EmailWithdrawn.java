package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import java.time.Instant;

/**
 * notification-service will not send an e-mail: what it announced was undone first (the provisioning e-mail of an
 * order cancelled, or whose factor was deactivated, before it went out). No {@code EmailSent} follows for the same
 * {@code messageId}. Rarely the e-mail went out all the same: a worker whose lease ran out while the SMTP server took
 * it (notification-service's README).
 */
public record EmailWithdrawn(String accountId, String userId, String orderId, String template, String messageId,
        String reason, Instant withdrawnAt) implements ExtauthEvent {
}
