package io.extauth.notification.mail.adapter;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.springframework.mail.MailSendException;

/**
 * The SMTP server was handed the whole e-mail and gave no answer to it ({@link SmtpFailures#unconfirmed}): it may have
 * taken it. Sending it again may deliver it twice; not sending it may lose it.
 */
final class UnconfirmedSendException extends MailSendException {

    UnconfirmedSendException(MimeMessage message, MessagingException failure) {
        super(Map.of(message, failure));
    }
}
