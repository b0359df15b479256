package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An e-mail was accepted by the SMTP server; the recipient is masked. */
public record EmailSent(String accountId, String userId, @Nullable String orderId, String template, String toMasked,
        String messageId, Instant sentAt) implements ExtauthEvent {
}
