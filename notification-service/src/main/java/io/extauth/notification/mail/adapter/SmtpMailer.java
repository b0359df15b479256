package io.extauth.notification.mail.adapter;

import io.extauth.notification.mail.Email;
import jakarta.activation.FileTypeMap;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.ConfigurableMimeFileTypeMap;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/** Hands e-mails to the SMTP server: text and HTML alternatives, the Message-ID the event gave them. */
@Component
class SmtpMailer {

    /**
     * One MIME type table for all messages: Spring's helper otherwise reads and parses {@code mime.types} for every
     * message that is not its own {@code SmartMimeMessage} (ours sets a stable Message-ID), a quarter of the service's
     * CPU per e-mail in the benchmark's profile.
     */
    private static final FileTypeMap FILE_TYPES = sharedFileTypes();

    private final JavaMailSender sender;
    private final MailProperties properties;

    SmtpMailer(JavaMailSender sender, MailProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    /**
     * Throws Spring's {@code MailException} when the server does not take it ({@link SmtpFailures} tells a bad address
     * from a server that is down), or a {@code MailPreparationException} for an address that is no address at all.
     */
    void send(Email email) {
        MimeMessage message = new StableIdMimeMessage(session(), email.messageId());
        try {
            new InternetAddress(email.to(), true).validate();
            MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                    StandardCharsets.UTF_8.name()) {
                @Override
                protected FileTypeMap getDefaultFileTypeMap(MimeMessage mimeMessage) {
                    return FILE_TYPES;
                }
            };
            helper.setFrom(properties.from());
            helper.setTo(email.to());
            helper.setSubject(email.subject());
            helper.setText(email.text(), email.html());
        } catch (MessagingException e) {
            throw new MailPreparationException("E-mail " + email + " could not be written", e);
        }
        sender.send(message);
    }

    private static FileTypeMap sharedFileTypes() {
        ConfigurableMimeFileTypeMap types = new ConfigurableMimeFileTypeMap();
        types.afterPropertiesSet();
        return types;
    }

    private Session session() {
        return sender instanceof JavaMailSenderImpl impl ? impl.getSession() : Session.getInstance(new Properties());
    }
}
