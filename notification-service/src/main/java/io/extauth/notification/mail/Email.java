package io.extauth.notification.mail;

import io.extauth.contract.Masking;
import org.jspecify.annotations.Nullable;

/**
 * One e-mail, ready for SMTP; {@code messageId} is derived from the event that called for it (a fraud notice's: the one
 * it was queued with, {@link Emails#fraudReported}).
 */
public record Email(String accountId, String userId, @Nullable String orderId, MailTemplate template, String to,
        String subject, String text, String html, String messageId) {

    public String toMasked() {
        return Masking.email(to);
    }

    /** The clear address and the bodies stay out of logs. */
    @Override
    public String toString() {
        return "Email[template=" + template.templateName() + ", to=" + toMasked() + ", messageId=" + messageId + "]";
    }
}
