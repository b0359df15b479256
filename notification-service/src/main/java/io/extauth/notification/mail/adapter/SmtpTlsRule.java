package io.extauth.notification.mail.adapter;

import io.extauth.service.settings.InvalidSettingException;
import java.util.Locale;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * With credentials set ({@code spring.mail.username}) the connection to the SMTP server is TLS: {@code smtps}, TLS
 * from the start ({@code spring.mail.ssl.enabled}), or STARTTLS both enabled and required. Angus Mail sends AUTH, the
 * password in it, whenever it has credentials and the server offers AUTH; over plain text anyone on the path reads it,
 * and STARTTLS merely enabled is skipped by a server, or a man in the middle, that does not offer it. The operator of a
 * server on a network they trust says so with {@value #ALLOW_PLAIN_AUTH}. Credentials are there when a user name or
 * a password is set, or AUTH is asked for ({@code mail.smtp.auth}): with a password alone Jakarta Mail takes the user
 * from {@code mail.smtp.user}, {@code mail.user} or the OS account, and authenticates all the same.
 *
 * <p>TLS is TLS over the connection's bounded sockets ({@link BoundedSmtpSockets}): {@code smtps} (Angus Mail reads
 * {@code mail.smtps.*}, where neither the sockets nor the timeouts are) and TLS from the start with an SSL bundle (its
 * factory opens a socket of its own) are refused, whatever the credentials, naming the ways that keep the bounds.
 */
final class SmtpTlsRule {

    static final String ALLOW_PLAIN_AUTH = "extauth.mail.allow-plain-auth";

    private SmtpTlsRule() {
    }

    static void require(JavaMailSenderImpl smtp, boolean plainAuthAllowed) {
        Properties mail = smtp.getJavaMailProperties();
        String protocol = (smtp.getProtocol() != null ? smtp.getProtocol()
                : mail.getProperty("mail.transport.protocol", "smtp")).toLowerCase(Locale.ROOT);
        String prefix = "mail." + protocol + ".";
        if (protocol.equals("smtps")) {
            throw new InvalidSettingException("spring.mail.protocol", "is smtps: Angus Mail would then read "
                    + "mail.smtps.*, where extauth's bounds on the server are not (extauth.mail.smtp.max-reply-size, "
                    + "send-deadline, the read and write timeouts). Set spring.mail.ssl.enabled=true for TLS from the "
                    + "start over protocol smtp (port 465 as smtps), or STARTTLS: spring.mail.properties." + prefix
                    + "starttls.enable=true and spring.mail.properties." + prefix + "starttls.required=true.");
        }
        if (on(mail, prefix + "ssl.enable") && mail.get(prefix + "ssl.socketFactory") != null) {
            throw new InvalidSettingException("spring.mail.ssl.bundle", "with TLS from the start "
                    + "(spring.mail.ssl.enabled=true) opens connections outside extauth's bounds on the server "
                    + "(extauth.mail.smtp.max-reply-size, send-deadline): the bundle's factory makes its own socket. "
                    + "With a bundle, use STARTTLS: spring.mail.properties." + prefix + "starttls.enable=true and "
                    + "spring.mail.properties." + prefix + "starttls.required=true.");
        }
        if (plainAuthAllowed || !hasCredentials(smtp, mail, prefix)) {
            return;
        }
        if (on(mail, prefix + "ssl.enable")
                || (on(mail, prefix + "starttls.enable") && on(mail, prefix + "starttls.required"))) {
            return;
        }
        throw new InvalidSettingException("spring.mail.protocol", "is " + protocol + " without TLS while "
                + "spring.mail.username is set (or spring.mail.password, or AUTH): the password would go to the server "
                + "in plain text. Set "
                + "spring.mail.ssl.enabled=true, or spring.mail.properties." + prefix
                + "starttls.enable=true and spring.mail.properties." + prefix + "starttls.required=true, or, for a "
                + "server on a network you trust, " + ALLOW_PLAIN_AUTH + "=true.");
    }

    private static boolean hasCredentials(JavaMailSenderImpl smtp, Properties mail, String prefix) {
        return !blank(smtp.getUsername()) || !blank(smtp.getPassword()) || on(mail, prefix + "auth");
    }

    private static boolean blank(@Nullable String text) {
        return text == null || text.isBlank();
    }

    private static boolean on(Properties mail, String key) {
        return Boolean.parseBoolean(mail.getProperty(key, "false").strip());
    }
}
