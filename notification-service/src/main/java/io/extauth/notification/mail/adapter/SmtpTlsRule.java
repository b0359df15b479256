package io.extauth.notification.mail.adapter;

import io.extauth.service.settings.InvalidSettingException;
import java.util.Locale;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * With credentials set ({@code spring.mail.username}) the connection to the SMTP server is TLS: {@code smtps}, TLS
 * from the start ({@code spring.mail.ssl.enabled}), or STARTTLS both enabled and required. Angus Mail sends AUTH, the
 * password in it, whenever it has credentials and the server offers AUTH; over plain text anyone on the path reads it,
 * and STARTTLS merely enabled is skipped by a server, or a man in the middle, that does not offer it. The operator of a
 * server on a network they trust says so with {@value #ALLOW_PLAIN_AUTH}.
 */
final class SmtpTlsRule {

    static final String ALLOW_PLAIN_AUTH = "extauth.mail.allow-plain-auth";

    private SmtpTlsRule() {
    }

    static void require(JavaMailSenderImpl smtp, boolean plainAuthAllowed) {
        String username = smtp.getUsername();
        if (plainAuthAllowed || username == null || username.isBlank()) {
            return;
        }
        Properties mail = smtp.getJavaMailProperties();
        String protocol = (smtp.getProtocol() != null ? smtp.getProtocol()
                : mail.getProperty("mail.transport.protocol", "smtp")).toLowerCase(Locale.ROOT);
        String prefix = "mail." + protocol + ".";
        if (protocol.equals("smtps") || on(mail, prefix + "ssl.enable")
                || (on(mail, prefix + "starttls.enable") && on(mail, prefix + "starttls.required"))) {
            return;
        }
        throw new InvalidSettingException("spring.mail.protocol", "is " + protocol + " without TLS while "
                + "spring.mail.username is set: the password would go to the server in plain text. Set "
                + "spring.mail.protocol=smtps (or spring.mail.ssl.enabled=true), or spring.mail.properties." + prefix
                + "starttls.enable=true and spring.mail.properties." + prefix + "starttls.required=true, or, for a "
                + "server on a network you trust, " + ALLOW_PLAIN_AUTH + "=true.");
    }

    private static boolean on(Properties mail, String key) {
        return Boolean.parseBoolean(mail.getProperty(key, "false").strip());
    }
}
